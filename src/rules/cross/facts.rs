//! What the cross-report rules need of one report, read once from its [`Report`] and kept
//! small: the inbox holds these for every report, not the documents.

use std::sync::Arc;

use crate::agency::AgencyName;
use crate::report::front::is_han;
use crate::report::template::TemplateVersion;
use crate::report::{Report, SectionId, Table};

/// The number of bins of a narrative's sketch (one-permutation MinHash). With 64, the estimate
/// of a pair at Jaccard 0.4 (same-year reports sharing a region's phrasing) reached the 0.64 of
/// a copy about once in a million pairs, and 100,000 generated reports compare millions: two
/// clean pairs were flagged as copies (true containment 0.55–0.60). 128 halves the variance.
pub const SKETCH_BINS: usize = 128;
/// The bins the LSH bands are cut from: the first 64 (16 bands), so that the candidates stay
/// as few as before; the other bins, a second sketch, only sharpen the estimate.
const BANDED_BINS: usize = 64;
/// What the shingle hashes are mixed with for the second sketch (any odd constant).
const SECOND_SKETCH: u64 = 0x9E37_79B9_7F4A_7C15;
/// Characters per shingle (rules.md B7: 12-character shingles).
pub const SHINGLE_CHARS: usize = 12;
/// A bin no shingle fell into.
const EMPTY_BIN: u32 = u32::MAX;

/// Values of one table row, by column, with the row's line. Kept for every report of an
/// inbox, so stored as plain integers and a bit per column that was not readable: 4 bytes a
/// value when every value of the row fits in an `i32` (the counts of a report nearly always
/// do), else 8, where `Option<i64>` takes 16.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowValues {
    /// The readable values by column, 0 where not readable: one word a value, or (`wide`)
    /// two, the low half first.
    words: Box<[u32]>,
    wide: bool,
    /// Bit `i` set: column `i` was not readable.
    unreadable: u64,
    pub line: u32,
}

/// The most value columns a [`RowValues`] keeps (the widest template row, 表四, has 15).
const MAX_COLUMNS: usize = u64::BITS as usize;

impl RowValues {
    fn of(table: Option<&Table>, id: &str) -> Option<RowValues> {
        let row = table?.row(id)?;
        Some(RowValues::new(row.ints().take(MAX_COLUMNS), row.line))
    }

    fn new(values: impl Iterator<Item = Option<i64>>, line: u32) -> RowValues {
        let mut unreadable = 0u64;
        let values: Vec<i64> = values
            .enumerate()
            .map(|(i, value)| {
                if value.is_none() {
                    unreadable |= 1 << i;
                }
                value.unwrap_or(0)
            })
            .collect();
        let wide = values.iter().any(|v| i32::try_from(*v).is_err());
        // Two's complement halves: `as` keeps the bits, which is the point here.
        let words = if wide {
            values
                .iter()
                .flat_map(|v| [*v as u64 as u32, (*v as u64 >> 32) as u32])
                .collect()
        } else {
            values.iter().map(|v| *v as i32 as u32).collect()
        };
        RowValues {
            words,
            wide,
            unreadable,
            line,
        }
    }

    /// The stored words, whether they are wide, and the unreadable columns' bits (for the
    /// cross index's spill file).
    pub(super) fn parts(&self) -> (&[u32], bool, u64) {
        (&self.words, self.wide, self.unreadable)
    }

    /// A row from its [`RowValues::parts`] and line.
    pub(super) fn from_parts(
        words: Box<[u32]>,
        wide: bool,
        unreadable: u64,
        line: u32,
    ) -> RowValues {
        RowValues {
            words,
            wide,
            unreadable,
            line,
        }
    }

    /// The number of value columns (readable or not).
    pub fn columns(&self) -> usize {
        if self.wide {
            self.words.len() / 2
        } else {
            self.words.len()
        }
    }

    /// The value in a column, when readable.
    pub fn get(&self, column: usize) -> Option<i64> {
        let value = if self.wide {
            let low = u64::from(*self.words.get(2 * column)?);
            let high = u64::from(*self.words.get(2 * column + 1)?);
            (high << 32 | low) as i64
        } else {
            i64::from(*self.words.get(column)? as i32)
        };
        (self.unreadable >> column & 1 == 0).then_some(value)
    }
}

/// A sketch of a narrative's 12-character shingles: one-permutation MinHash over
/// [`SKETCH_BINS`] bins, and how many distinct shingles it has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sketch {
    pub bins: [u32; SKETCH_BINS],
    pub shingles: usize,
}

impl Sketch {
    /// Sketches a text; `None` when it has fewer characters than one shingle. Only ideographs,
    /// letters and digits count: layout and punctuation do not make a copy different.
    pub fn of(text: &str) -> Option<Sketch> {
        let mut sketcher = Sketcher::new(text.len());
        sketcher.feed(text);
        sketcher.finish()
    }

    /// The estimated Jaccard similarity of the two shingle sets: the share of bins, filled in
    /// either sketch, where both hold the same minimum.
    pub fn jaccard(&self, other: &Sketch) -> f64 {
        let (mut same, mut filled) = (0u32, 0u32);
        for (a, b) in self.bins.iter().zip(&other.bins) {
            if *a == EMPTY_BIN && *b == EMPTY_BIN {
                continue;
            }
            filled += 1;
            if a == b {
                same += 1;
            }
        }
        if filled == 0 {
            0.0
        } else {
            f64::from(same) / f64::from(filled)
        }
    }

    /// The estimated share of this text's shingles found in the other's (containment), from
    /// the Jaccard estimate and the two set sizes: |A∩B| = J(|A|+|B|)/(1+J).
    pub fn containment_in(&self, other: &Sketch) -> f64 {
        let j = self.jaccard(other);
        let shared = j * (self.shingles + other.shingles) as f64 / (1.0 + j);
        (shared / self.shingles as f64).min(1.0)
    }

    /// The sketch's [`Signature`], for ruling candidates out cheaply.
    pub fn signature(&self) -> Signature {
        Signature {
            planes: self.planes(),
            shingles: u32::try_from(self.shingles).unwrap_or(u32::MAX),
        }
    }

    /// The bit planes of the [`Signature`] (see [`planes_four_at_a_time`]).
    #[cfg(target_arch = "x86_64")]
    fn planes(&self) -> [[u64; SKETCH_BINS / 64]; SIGNATURE_PLANES] {
        // SAFETY: SSE2 is part of every x86-64 processor.
        unsafe { planes_four_at_a_time(&self.bins) }
    }

    /// The bit planes of the [`Signature`], a bit at a time.
    #[cfg(any(test, not(target_arch = "x86_64")))]
    fn planes_bit_by_bit(&self) -> [[u64; SKETCH_BINS / 64]; SIGNATURE_PLANES] {
        let mut planes = [[0u64; SKETCH_BINS / 64]; SIGNATURE_PLANES];
        for (word, bins) in self.bins.chunks_exact(64).enumerate() {
            // From the word's last bin to its first, each bit shifted in at the bottom: a
            // shift by one, not by the bin's place (which x86-64 takes from one register).
            for &value in bins.iter().rev() {
                for (plane, words) in planes.iter_mut().enumerate() {
                    words[word] = words[word] << 1 | u64::from((value >> plane) & 1);
                }
            }
        }
        planes
    }

    #[cfg(not(target_arch = "x86_64"))]
    fn planes(&self) -> [[u64; SKETCH_BINS / 64]; SIGNATURE_PLANES] {
        self.planes_bit_by_bit()
    }

    /// The LSH band keys: `BANDS` bands of `ROWS` bins each. A band whose bins are all empty
    /// is left out: two short texts sharing it share no shingle.
    pub fn bands(&self) -> impl Iterator<Item = (u8, u64)> + '_ {
        self.bins[..BANDED_BINS]
            .chunks(BAND_ROWS)
            .enumerate()
            .filter(|(_, rows)| rows.iter().any(|&v| v != EMPTY_BIN))
            .map(|(band, rows)| {
                let mut bytes = [0u8; BAND_ROWS * 4];
                for (chunk, value) in bytes.chunks_exact_mut(4).zip(rows) {
                    chunk.copy_from_slice(&value.to_le_bytes());
                }
                (band as u8, xxhash_rust::xxh3::xxh3_64(&bytes))
            })
    }
}

/// The bit planes of a sketch's [`Signature`], four bins at a time: each plane's bit moved to
/// the top of its lane, where one `movmskps` gathers the four (a report added makes one; bit
/// by bit took some 830 instructions).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
fn planes_four_at_a_time(bins: &[u32; SKETCH_BINS]) -> [[u64; SKETCH_BINS / 64]; SIGNATURE_PLANES] {
    use std::arch::x86_64::{
        _mm_castsi128_ps, _mm_cvtsi32_si128, _mm_movemask_ps, _mm_set_epi32, _mm_sll_epi32,
    };
    let mut planes = [[0u64; SKETCH_BINS / 64]; SIGNATURE_PLANES];
    for (group, four) in bins.chunks_exact(4).enumerate() {
        let (word, at) = (group / 16, 4 * (group % 16));
        // The bins' bits as they are (`as` keeps them); lane `i` is `four[i]`.
        let lanes = _mm_set_epi32(
            four[3] as i32,
            four[2] as i32,
            four[1] as i32,
            four[0] as i32,
        );
        for (plane, words) in planes.iter_mut().enumerate() {
            let top = _mm_sll_epi32(lanes, _mm_cvtsi32_si128(31 - plane as i32));
            // The four lanes' top bits, lane 0 lowest.
            let bits = _mm_movemask_ps(_mm_castsi128_ps(top)) as u64;
            words[word] |= bits << at;
        }
    }
    planes
}

/// A [`Sketch`] being made from a text given in pieces (a report's narrative line by line, with
/// nothing between the lines: the pieces are sketched as their concatenation would be).
///
/// The sketched characters are decoded into a buffer first (a byte loop that only stores
/// them); a full buffer, and the rest at the end, is then hashed in three loops of its own,
/// each over all the buffer's windows: a rolling polynomial hash of each window (one multiply
/// per character; the character leaving the window is read [`SHINGLE_CHARS`] back in the
/// buffer, which keeps the last window's characters at its start); the 64-bit finaliser that
/// makes its bits fit for MinHash, and again for the second sketch (windows independent of one
/// another: vector multiplies, four windows at a time); the bins and the set. One loop doing
/// all needed more registers than x86-64 has, and did the multiplies one at a time. With
/// AVX-512 the first two loops are one: each window's hash made from its own characters and
/// mixed, eight windows at a time ([`hash_windows`]).
/// A bin's minimum does not depend on repeats, so every window goes straight into its bin; only
/// the count of distinct shingles needs a set, one per thread, reused from text to text, made
/// large enough for the buffer's windows before they are hashed (no growth test per window).
pub(crate) struct Sketcher {
    bins: [u32; SKETCH_BINS],
    /// `chars[..SHINGLE_CHARS]`: the characters before the pending ones (zero before the
    /// first, so that dropping the character [`SHINGLE_CHARS`] back from a shorter text drops
    /// nothing); `chars[SHINGLE_CHARS..pending]`: characters decoded but not hashed yet.
    chars: [u32; PENDING],
    pending: usize,
    /// The rolling hash of `chars[..SHINGLE_CHARS]` (the last window hashed, or 0 before any).
    rolling: u64,
    /// The characters hashed so far.
    seen: usize,
    /// Taken out of the thread's slot while the sketch is made, put back by `finish`.
    distinct: HashCount,
    /// The pending windows' hashes: the shingle's, then the second sketch's
    /// ([`WindowHashes`]); taken out of the thread's slot as `distinct` is.
    hashes: WindowHashes,
}

/// The hashes of a buffer's windows, made in one loop and read in the next: the shingles'
/// hashes (first the rolling hashes they are mixed from), and the second sketch's.
struct WindowHashes {
    shingles: Box<[u64; PENDING]>,
    second: Box<[u64; PENDING]>,
}

impl Default for WindowHashes {
    fn default() -> WindowHashes {
        WindowHashes {
            shingles: Box::new([0; PENDING]),
            second: Box::new([0; PENDING]),
        }
    }
}

/// The size of [`Sketcher`]'s character buffer: the last window's characters and the
/// characters decoded before they are hashed.
const PENDING: usize = 512;

/// The least room for characters [`Sketcher::feed`] decodes into: below it, the pending
/// characters are hashed first.
const MIN_ROOM: usize = 64;

/// The rolling hash's factor of the character leaving a window: `ROLL_BASE^SHINGLE_CHARS`.
const DROP: u64 = {
    let mut p = 1u64;
    let mut i = 0;
    while i < SHINGLE_CHARS {
        p = p.wrapping_mul(ROLL_BASE);
        i += 1;
    }
    p
};

impl Sketcher {
    /// A sketcher for a text of about `bytes` bytes (the distinct-shingle set is sized for it).
    pub(crate) fn new(bytes: usize) -> Sketcher {
        let mut distinct = DISTINCT.with(|slot| slot.take());
        distinct.reset(bytes / 3);
        Sketcher {
            bins: [EMPTY_BIN; SKETCH_BINS],
            chars: [0; PENDING],
            pending: SHINGLE_CHARS,
            rolling: 0,
            seen: 0,
            distinct,
            hashes: WINDOW_HASHES.with(|slot| slot.take()).unwrap_or_default(),
        }
    }

    /// Reads the next piece of the text.
    pub(crate) fn feed(&mut self, mut text: &str) {
        while !text.is_empty() {
            if PENDING - self.pending < MIN_ROOM {
                self.hash_pending();
            }
            // At most as many bytes as there is room for characters: the decoding loop then
            // needs no test of a full buffer. Cut at a character's start (MIN_ROOM ≥ 4: the
            // cut keeps at least one character).
            let mut cut = text.len().min(PENDING - self.pending);
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            let (piece, rest) = text.split_at(cut);
            self.pending = decode_sketched(piece, &mut self.chars, self.pending);
            text = rest;
        }
    }

    /// Hashes the pending characters' windows into the bins and the set, and keeps the last
    /// [`SHINGLE_CHARS`] characters at the buffer's start.
    #[inline(never)]
    fn hash_pending(&mut self) {
        let pending = self.pending;
        let windows = pending - SHINGLE_CHARS;
        let WindowHashes { shingles, second } = &mut self.hashes;
        // The first SHINGLE_CHARS - 1 characters of the text end no window.
        let warm = (SHINGLE_CHARS - 1).saturating_sub(self.seen).min(windows);
        let rolling = hash_windows(
            &self.chars[..pending],
            self.rolling,
            warm,
            &mut shingles[..windows],
            &mut second[..windows],
        );
        let (shingles, second) = (&shingles[warm..windows], &second[warm..windows]);
        // Room for every window before the loop, which then needs no growth test.
        let distinct = self.distinct.room_for(shingles.len());
        fold_windows(&mut self.bins, distinct, shingles, second);
        self.rolling = rolling;
        self.seen += windows;
        self.chars.copy_within(windows..pending, 0);
        self.pending = SHINGLE_CHARS;
    }

    /// The sketch of the text read; `None` when it had fewer characters than one shingle.
    pub(crate) fn finish(mut self) -> Option<Sketch> {
        self.hash_pending();
        let Sketcher {
            bins,
            seen,
            mut distinct,
            hashes,
            ..
        } = self;
        let shingles = distinct.len();
        distinct.release_if_large();
        DISTINCT.with(|slot| slot.replace(distinct));
        WINDOW_HASHES.with(|slot| slot.replace(Some(hashes)));
        (seen >= SHINGLE_CHARS).then_some(Sketch { bins, shingles })
    }
}

/// Puts the windows' hashes into the bins (two independent sketches of [`BANDED_BINS`] bins
/// side by side: the first one, which the LSH bands are cut from, from the shingle's hash, the
/// second from that hash mixed again, so that the bands stay as they were and the estimate
/// reads twice the bins) and the shingles' into the distinct set.
#[inline(never)]
fn fold_windows(
    bins: &mut [u32; SKETCH_BINS],
    distinct: Slots<'_>,
    shingles: &[u64],
    second: &[u64],
) {
    distinct.insert_all(shingles.iter().zip(second).map(|(&hash, &other)| {
        fold_into(bins, 0, hash);
        fold_into(bins, BANDED_BINS, other);
        hash
    }));
}

/// Keeps a shingle's hash in its bin of the sketch at `offset` when it is the bin's least.
#[inline(always)]
fn fold_into(bins: &mut [u32; SKETCH_BINS], offset: usize, hash: u64) {
    // The low bits as a `usize` at once (the same bits as `hash % BANDED_BINS`).
    let bin = offset + (hash as usize & (BANDED_BINS - 1));
    // Stored whether smaller or not (a conditional move, no branch): a text's bins take a new
    // least about one window in four, a branch the processor cannot foretell.
    bins[bin] = bins[bin].min((hash >> 32) as u32);
}

/// Low bits of each bin a [`Signature`] keeps.
const SIGNATURE_PLANES: usize = 2;

/// The low [`SIGNATURE_PLANES`] bits of every bin of a [`Sketch`], as bit planes (bit `i` of
/// plane `k` is bit `k` of bin `i`), and the number of shingles: 40 bytes that the index keeps
/// densely, so that ruling out a candidate touches neither the candidate's facts nor its
/// 512-byte sketch. Two bins whose low bits differ are different bins, so the number of
/// differing bins the signature shows never exceeds the sketches' own: a candidate it rules
/// out is one the exact estimate would have rejected too (no copy is lost to it).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Signature {
    planes: [[u64; SKETCH_BINS / 64]; SIGNATURE_PLANES],
    shingles: u32,
}

impl Signature {
    /// Whether one of the two texts may have `threshold` of its shingles in the other
    /// ([`Sketch::containment_in`] either way round); `false` only when the sketches surely
    /// say it has not.
    pub fn may_contain(&self, other: &Signature, threshold: f64) -> bool {
        // A bin differs when any of its planes does: OR the planes, word by word.
        let differing: u32 = (0..SKETCH_BINS / 64)
            .map(|word| {
                self.planes
                    .iter()
                    .zip(&other.planes)
                    .fold(0u64, |acc, (a, b)| acc | (a[word] ^ b[word]))
                    .count_ones()
            })
            .sum();
        let differing = f64::from(differing);
        // The containment of the smaller set reaches the threshold from the smallest Jaccard
        // estimate: |A∩B| = J(|A|+|B|)/(1+J) ≥ t|A| ⟺ J ≥ t|A| / (|A| + |B| − t|A|).
        let small = f64::from(self.shingles.min(other.shingles));
        let large = f64::from(self.shingles.max(other.shingles));
        let spare = small + large - threshold * small;
        if spare <= 0.0 {
            // A threshold of twice the whole text or more: no share reaches it.
            return false;
        }
        let least_jaccard = threshold * small / spare;
        // The estimate is same / filled bins, and filled ≤ SKETCH_BINS: at least that share
        // of the bins must agree. Half a bin of slack for rounding.
        differing <= (1.0 - least_jaccard) * SKETCH_BINS as f64 + 0.5
    }
}

/// Calls `f` with the code points a sketch reads, in order: ideographs, letters and digits
/// (`is_han(c) || c.is_alphanumeric()`), decoded from the UTF-8 bytes once, a character at a
/// time ([`sketched_at`]).
#[inline(always)]
fn for_each_sketched(text: &str, mut f: impl FnMut(u32)) {
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(&lead) = bytes.get(at) {
        if let Some(c) = sketched_at(bytes, &mut at, lead) {
            f(c);
        }
    }
}

/// The character that starts at `at` (its first byte `lead`), when a sketch reads it, with
/// `at` moved past it. Most characters of a report are ASCII or 3-byte ideographs, decided by a
/// range test; the common CJK and general punctuation is ruled out by range too, so only rare
/// characters ask the Unicode tables. ASCII is tested first: with AVX2 the runs of ideographs
/// are decoded before they get here, and what is left is mostly figures and folded
/// punctuation.
#[inline(always)]
fn sketched_at(bytes: &[u8], at: &mut usize, lead: u8) -> Option<u32> {
    if lead < 0x80 {
        *at += 1;
        return lead.is_ascii_alphanumeric().then_some(u32::from(lead));
    }
    // While four bytes are readable, the ideographs U+4E00–U+9FFF (led by E4–E9) are told by
    // one range test of their code point with the lead byte kept above it ([`led_code_point`]):
    // the lead and the range at once, no test of the bytes' count between them.
    if let Some(&[b0, b1, b2, _]) = bytes.get(*at..*at + 4) {
        let led = (u32::from(b0) << 12) | (u32::from(b1 & 0x3F) << 6) | u32::from(b2 & 0x3F);
        if led.wrapping_sub(LED_IDEOGRAPHS) <= IDEOGRAPHS_SPAN {
            *at += 3;
            return Some(led & 0xFFFF);
        }
    }
    // Three bytes (lead E0–EF): the ideographs U+4E00–U+9FFF, most of a report's
    // characters, decided by one range test, and the CJK and full-width punctuation.
    if lead & 0xF0 == 0xE0 && *at + 2 < bytes.len() {
        let c = (u32::from(lead & 0x0F) << 12)
            | (u32::from(bytes[*at + 1] & 0x3F) << 6)
            | u32::from(bytes[*at + 2] & 0x3F);
        *at += 3;
        return (c.wrapping_sub(0x4E00) <= IDEOGRAPHS_SPAN || is_sketched(c)).then_some(c);
    }
    // The text is valid UTF-8: the lead byte gives the length, continuation bytes follow.
    let continuation = |k: usize| u32::from(bytes.get(*at + k).copied().unwrap_or(0) & 0x3F);
    let (c, len) = if lead < 0xE0 {
        ((u32::from(lead & 0x1F) << 6) | continuation(1), 2)
    } else if lead < 0xF0 {
        let c = (u32::from(lead & 0x0F) << 12) | (continuation(1) << 6) | continuation(2);
        (c, 3)
    } else {
        let c = (u32::from(lead & 0x07) << 18)
            | (continuation(1) << 12)
            | (continuation(2) << 6)
            | continuation(3);
        (c, 4)
    };
    *at += len;
    is_sketched(c).then_some(c)
}

/// The ideographs U+4E00–U+9FFF as "led" code points, `lead << 12 | (b1 & 0x3F) << 6 |
/// (b2 & 0x3F)`: the first is `E4E00`, and the range ends at `E9FFF` (the span is the same).
/// At a character's first byte, only those ideographs' three bytes fall in that range: a lead
/// below E4 makes at most `E3FFF` (an ASCII or 2-byte lead's next bytes are masked to six bits
/// each), one above E9 at least `EA000`.
const LED_IDEOGRAPHS: u32 = 0xE_4E00;
/// The last ideograph's distance from the first.
const IDEOGRAPHS_SPAN: u32 = 0x9FFF - 0x4E00;

/// Decodes the sketched characters of `piece` into `chars` from `pending` on, in the order
/// [`for_each_sketched`] gives them, and returns where they end. `piece` is no longer than
/// the room left (`pending + piece.len() <= PENDING`): a character takes at least a byte.
#[inline(always)]
fn decode_sketched(piece: &str, chars: &mut [u32; PENDING], pending: usize) -> usize {
    #[cfg(target_arch = "x86_64")]
    if has_avx512_compress() {
        // SAFETY: the processor has AVX-512 F, BW and VBMI2, just asked.
        return unsafe { decode_sketched_avx512(piece, chars, pending) };
    }
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the processor has AVX2, just asked.
        return unsafe { decode_sketched_avx2(piece, chars, pending) };
    }
    decode_sketched_anywhere(piece, chars, pending)
}

/// [`decode_sketched`] a character at a time, for any processor.
fn decode_sketched_anywhere(piece: &str, chars: &mut [u32; PENDING], mut pending: usize) -> usize {
    // `pending` stays below PENDING (a character a byte at most, and the piece no longer than
    // the room left): masked, the index is itself, with no bounds test.
    for_each_sketched(piece, |c| {
        chars[pending & (PENDING - 1)] = c;
        pending += 1;
    });
    pending
}

/// [`decode_sketched`] with AVX2: a run of ideographs (about eight in a row in a report's
/// prose, between punctuation and figures) is decoded up to eight at a time
/// ([`ideograph_run`]), where a character at a time took ~24 instructions each; the other
/// characters, and the last bytes of a piece, one at a time ([`sketched_at`]).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn decode_sketched_avx2(piece: &str, chars: &mut [u32; PENDING], mut pending: usize) -> usize {
    use std::arch::x86_64::{__m128i, _mm256_storeu_si256, _mm_loadu_si128, _mm_setzero_si128};
    let bytes = piece.as_bytes();
    let mut at = 0;
    while let Some(&lead) = bytes.get(at) {
        if matches!(lead, 0xE4..=0xE9) {
            let rest = &bytes[at..];
            if let Some(low) = rest.first_chunk::<16>() {
                let load = |block: &[u8; 16]| {
                    // SAFETY: the block's 16 bytes are readable.
                    unsafe { _mm_loadu_si128(block.as_ptr().cast::<__m128i>()) }
                };
                // Bytes 12 to 28 when there, else zeros (no ideograph in them).
                let high = rest
                    .get(12..)
                    .and_then(<[u8]>::first_chunk::<16>)
                    .map_or_else(|| _mm_setzero_si128(), load);
                let (code_points, run) = ideograph_run(load(low), high);
                if run > 0 {
                    // Eight lanes stored, `run` kept: the piece has 16 bytes left at least,
                    // so the buffer has room for 16 characters more.
                    let lanes = &mut chars[pending..pending + 8];
                    // SAFETY: 8 lanes of 4 bytes, borrowed mutably.
                    unsafe { _mm256_storeu_si256(lanes.as_mut_ptr().cast(), code_points) };
                    pending += run;
                    at += 3 * run;
                    continue;
                }
            }
        }
        if let Some(c) = sketched_at(bytes, &mut at, lead) {
            chars[pending & (PENDING - 1)] = c;
            pending += 1;
        }
    }
    pending
}

/// Whether the processor has what [`decode_sketched_avx512`] is compiled for.
#[cfg(target_arch = "x86_64")]
fn has_avx512_compress() -> bool {
    std::arch::is_x86_feature_detected!("avx512f")
        && std::arch::is_x86_feature_detected!("avx512bw")
        && std::arch::is_x86_feature_detected!("avx512vbmi2")
}

/// The bytes [`decode_sketched_avx512`] reads at a time (x86-64 only).
#[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
const BLOCK: usize = 64;

/// [`decode_sketched`] with AVX-512: 64 bytes at a time, ideographs, letters, digits and
/// the punctuation between them alike, where [`decode_sketched_avx2`] took a run of at most
/// eight ideographs at a time, waiting for its length before the next load, and every other
/// character one at a time (~8 cycles a sketched character, a report's prose mixing them
/// every few characters). Each byte of a block is told a sketched character's start or not
/// by range tests on it and the two bytes after it ([`sketched_starts`]); the starts' bytes
/// are packed to the front (`vpcompressb`) and made code points sixteen at a time
/// ([`store_code_points`]). A block holding a character those tests do not decide (neither
/// an ideograph U+4E00–U+9FFF, ASCII, nor the common punctuation) is read by
/// [`decode_sketched_avx2`], from the first character starting in it to the first after it.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512bw,avx512vbmi2")]
fn decode_sketched_avx512(piece: &str, chars: &mut [u32; PENDING], mut pending: usize) -> usize {
    use std::arch::x86_64::{__m512i, _mm512_maskz_loadu_epi8};
    let bytes = piece.as_bytes();
    // The bytes from `from` on that are in the piece, at most a block, as a lane mask.
    let lanes_in = |from: usize| -> u64 {
        match bytes.len().saturating_sub(from) {
            left if left >= BLOCK => u64::MAX,
            left => (1u64 << left) - 1,
        }
    };
    let load = |from: usize| -> __m512i {
        // Past the piece (the two bytes after its last), no lane is read: the address is
        // then the piece's end, still one the slice gives.
        let start = bytes[from.min(bytes.len())..].as_ptr();
        // SAFETY: only the lanes of the mask are read, all of them in the piece.
        unsafe { _mm512_maskz_loadu_epi8(lanes_in(from), start.cast()) }
    };
    let mut at = 0;
    while at < bytes.len() {
        // A block starts anywhere: bytes continuing a character of the block before are
        // no character's start, and the lanes past the piece are zeros (no start either).
        let block = [load(at), load(at + 1), load(at + 2)];
        if let Some(starts) = sketched_starts(&block, lanes_in(at)) {
            let count = starts.count_ones() as usize;
            // A character takes a byte at least: the piece's room holds the block's.
            store_code_points(&block, starts, &mut chars[pending..pending + count]);
            pending += count;
            at += BLOCK;
            continue;
        }
        let from = (at..bytes.len())
            .find(|&i| piece.is_char_boundary(i))
            .unwrap_or(bytes.len());
        let to = (from + BLOCK..bytes.len())
            .find(|&i| piece.is_char_boundary(i))
            .unwrap_or(bytes.len());
        pending = decode_sketched_avx2(&piece[from..to], chars, pending);
        at = to;
    }
    pending
}

/// Of a block of bytes (`block[k]`: the bytes from the block's `k`-th on, zeros past the
/// piece) and its lanes in the piece, the lanes where a sketched character starts, when
/// every character starting in the block is decided here: an ideograph U+4E00–U+9FFF (a lead
/// E5–E9, or E4 followed by B8 or more), an ASCII letter or digit; not sketched, other ASCII,
/// the punctuation U+3000–U+3004 and U+3008–U+3020 (E3 80 then 80–84 or 88–A0) and U+2000–
/// U+206F (E2 80, or E2 81 then up to AF), and the bytes that continue a character. `None`
/// when another character starts in the block.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512bw")]
fn sketched_starts(block: &[std::arch::x86_64::__m512i; 3], lanes: u64) -> Option<u64> {
    use std::arch::x86_64::*;
    let [b0, b1, b2] = *block;
    let byte = |value: u8| _mm512_set1_epi8(value as i8);
    // From `low` to `high`: the distance from `low`, unsigned, is at most the span.
    let within = |v: __m512i, low: u8, high: u8| {
        _mm512_cmple_epu8_mask(_mm512_sub_epi8(v, byte(low)), byte(high - low))
    };
    let is = |v: __m512i, value: u8| _mm512_cmpeq_epi8_mask(v, byte(value));
    let digits = within(b0, b'0', b'9');
    // Upper case made lower: only letters land in a–z.
    let letters = within(_mm512_or_si512(b0, byte(0x20)), b'a', b'z');
    let ideographs =
        within(b0, 0xE5, 0xE9) | (is(b0, 0xE4) & _mm512_cmpge_epu8_mask(b1, byte(0xB8)));
    let cjk_punctuation =
        is(b0, 0xE3) & is(b1, 0x80) & (within(b2, 0x80, 0x84) | within(b2, 0x88, 0xA0));
    let general_punctuation =
        is(b0, 0xE2) & (is(b1, 0x80) | (is(b1, 0x81) & _mm512_cmple_epu8_mask(b2, byte(0xAF))));
    let leads = _mm512_cmpge_epu8_mask(b0, byte(0xC0));
    let undecided = leads & !(ideographs | cjk_punctuation | general_punctuation);
    (undecided & lanes == 0).then_some((digits | letters | ideographs) & lanes)
}

/// Writes the code points of the characters starting at `starts` of a block (see
/// [`sketched_starts`]), one for each of `out`: the starts' bytes packed to the front, then
/// sixteen at a time widened to 32 bits, an ASCII byte taken as it is and an ideograph's three
/// as `(b0 & 0F) << 12 | (b1 & 3F) << 6 | (b2 & 3F)`.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512bw,avx512vbmi2")]
fn store_code_points(block: &[std::arch::x86_64::__m512i; 3], starts: u64, out: &mut [u32]) {
    use std::arch::x86_64::*;
    let packed = block.map(|bytes| _mm512_maskz_compress_epi8(starts, bytes));
    let low_bits = |v: __m512i, mask: i32| _mm512_and_si512(v, _mm512_set1_epi32(mask));
    let mut write = |group: usize, [b0, b1, b2]: [__m128i; 3]| {
        let Some(out) = out.get_mut(16 * group..).filter(|out| !out.is_empty()) else {
            return;
        };
        let [b0, b1, b2] = [b0, b1, b2].map(|v| _mm512_cvtepu8_epi32(v));
        let ideograph = _mm512_or_si512(
            _mm512_or_si512(
                _mm512_slli_epi32::<12>(low_bits(b0, 0x0F)),
                _mm512_slli_epi32::<6>(low_bits(b1, 0x3F)),
            ),
            low_bits(b2, 0x3F),
        );
        let ascii = _mm512_cmplt_epu32_mask(b0, _mm512_set1_epi32(0x80));
        let code_points = _mm512_mask_blend_epi32(ascii, ideograph, b0);
        let lanes = out.len().min(16);
        let mask = ((1u32 << lanes) - 1) as u16;
        // SAFETY: the mask's lanes are the first `lanes` of `out`, all of them in it.
        unsafe { _mm512_mask_storeu_epi32(out.as_mut_ptr().cast(), mask, code_points) };
    };
    write(0, packed.map(|v| _mm512_extracti32x4_epi32::<0>(v)));
    write(1, packed.map(|v| _mm512_extracti32x4_epi32::<1>(v)));
    write(2, packed.map(|v| _mm512_extracti32x4_epi32::<2>(v)));
    write(3, packed.map(|v| _mm512_extracti32x4_epi32::<3>(v)));
}

/// The run of ideographs U+4E00–U+9FFF that opens a block of bytes, at most eight: their code
/// points in the first `run` lanes (the lanes after hold anything) and `run`. `low` holds the
/// block's bytes 0 to 16, `high` its bytes 12 to 28 (or zeros: a zero byte leads no
/// ideograph). The block starts at a character's first byte, and lane `i` reads bytes
/// `3i..3i + 3`: a character's own when the lanes before it are ideographs, and then an
/// ideograph exactly when its led code point is in range ([`LED_IDEOGRAPHS`]).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn ideograph_run(
    low: std::arch::x86_64::__m128i,
    high: std::arch::x86_64::__m128i,
) -> (std::arch::x86_64::__m256i, usize) {
    use std::arch::x86_64::*;
    let block = _mm256_set_m128i(high, low);
    // In each half, lane i holds bytes 3i + 2, 3i + 1 and 3i as b2 | b1 << 8 | b0 << 16.
    #[rustfmt::skip]
    let order = _mm256_setr_epi8(
        2, 1, 0, -1, 5, 4, 3, -1, 8, 7, 6, -1, 11, 10, 9, -1,
        2, 1, 0, -1, 5, 4, 3, -1, 8, 7, 6, -1, 11, 10, 9, -1,
    );
    let kept = _mm256_and_si256(
        _mm256_shuffle_epi8(block, order),
        _mm256_set1_epi32(0x00FF_3F3F),
    );
    // Byte products summed in pairs, (b2 + 64 b1, b0) as 16-bit words; then the words'
    // products summed: b2 + 64 b1 + 4096 b0, the led code point.
    let words = _mm256_maddubs_epi16(kept, _mm256_set1_epi32(0x0001_4001));
    let led = _mm256_madd_epi16(words, _mm256_set1_epi32(0x1000_0001));
    // In range: the distance from the first ideograph, unsigned, is at most the span.
    let offset = _mm256_sub_epi32(led, _mm256_set1_epi32(LED_IDEOGRAPHS as i32));
    let span = _mm256_set1_epi32(IDEOGRAPHS_SPAN as i32);
    let ideographs = _mm256_cmpeq_epi32(_mm256_min_epu32(offset, span), offset);
    let mask = _mm256_movemask_ps(_mm256_castsi256_ps(ideographs)) as u32;
    // The lanes up to the first that is not an ideograph (at most 8: the mask has 8 bits).
    let run = (!mask).trailing_zeros() as usize;
    (_mm256_and_si256(led, _mm256_set1_epi32(0xFFFF)), run)
}

/// Whether a non-ASCII code point is sketched: `is_han(c) || c.is_alphanumeric()`, with the
/// common cases decided by range. Not inlined: the decoder tests the common ideographs first,
/// and inlined, these tests were merged with that one into a longer test of every ideograph.
#[inline(never)]
fn is_sketched(c: u32) -> bool {
    match c {
        0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0xF900..=0xFAFF => true,
        // General punctuation, CJK punctuation and brackets (not 々〆〇 nor the Hangzhou
        // numerals), and the full-width punctuation folding leaves.
        0x2000..=0x206F | 0x3000..=0x3004 | 0x3008..=0x3020 | 0xFF01..=0xFF0F => false,
        _ => char::from_u32(c).is_some_and(|c| is_han(c) || c.is_alphanumeric()),
    }
}

thread_local! {
    /// The distinct-shingle set of [`Sketch::of`], kept from text to text so that its slots
    /// are not allocated (and zeroed by the allocator) for every report.
    static DISTINCT: std::cell::Cell<HashCount> = std::cell::Cell::new(HashCount::default());
    /// The sketcher's [`WindowHashes`], kept from text to text as [`DISTINCT`] is: 8 KiB a
    /// thread, not allocated and zeroed for every report.
    static WINDOW_HASHES: std::cell::Cell<Option<WindowHashes>> = const { std::cell::Cell::new(None) };
}

/// The number of distinct 64-bit hashes: an open-addressing set indexed by the hash's own
/// high bits (the hashes are already mixed), cheaper than sorting every window's hash. Reused
/// from text to text without being emptied: each slot carries the tag of the text that filled
/// it, and a slot tagged with another text's is free, so a new text only takes a new tag (no
/// list of the slots filled, no zeroing, and no hash value set aside as the empty marker).
#[derive(Default)]
struct HashCount {
    /// The hashes; only the first `mask + 1` are in use.
    slots: Vec<u64>,
    /// The tag of the text that filled each slot (0: none yet). A byte: the tags wrap around
    /// every 255 texts, when every slot is untagged again (a few KiB a report's table, so
    /// about 16 bytes a text), and the table of a long text costs a ninth more, not half.
    tags: Vec<u8>,
    /// The current text's tag, never 0.
    tag: u8,
    mask: usize,
    len: usize,
    /// The most hashes the table takes before it grows: half its slots.
    limit: usize,
}

impl HashCount {
    /// Empties the set (a new tag), with room for `expected` hashes: four slots a hash, so
    /// that a probe seldom finds its first slot taken by another hash. Each time it does, the
    /// probe goes on, a branch the processor cannot foretell: with two slots a hash (the
    /// table at most half full), about one window in eight of a report.
    fn reset(&mut self, expected: usize) {
        self.new_tag();
        let size = (expected.max(8) * SLOTS_A_HASH).next_power_of_two();
        self.size(size);
        self.len = 0;
    }

    /// A tag no slot holds: the next one, or after 255 texts every slot untagged.
    fn new_tag(&mut self) {
        self.tag = self.tag.wrapping_add(1);
        if self.tag == 0 {
            self.tags.fill(0);
            self.tag = 1;
        }
    }

    /// Uses the first `size` slots (a power of two), adding untagged ones as needed.
    fn size(&mut self, size: usize) {
        if self.slots.len() < size {
            self.slots.resize(size, 0);
            self.tags.resize(size, 0);
        }
        self.mask = size - 1;
        self.limit = size / 2;
    }

    /// Makes room for `more` hashes and lends the slots to insert at most that many: the loop
    /// inserting them needs no growth test and keeps the table's fields in registers.
    fn room_for(&mut self, more: usize) -> Slots<'_> {
        while self.len + more > self.limit {
            self.grow();
        }
        Slots {
            slots: &mut self.slots[..=self.mask],
            tags: &mut self.tags[..=self.mask],
            tag: self.tag,
            len: &mut self.len,
            room: more,
        }
    }

    #[cold]
    #[inline(never)]
    fn grow(&mut self) {
        let tag = self.tag;
        let hashes: Vec<u64> = (0..=self.mask)
            .filter(|&at| self.tags[at] == tag)
            .map(|at| self.slots[at])
            .collect();
        self.new_tag();
        self.size((self.mask + 1) * 2);
        let len = self.len;
        self.len = 0;
        self.room_for(len).insert_all(hashes);
    }

    fn len(&self) -> usize {
        self.len
    }

    /// Frees the slots after an unusually long text, so that a thread does not keep its
    /// largest table for good.
    fn release_if_large(&mut self) {
        if self.slots.len() > RETAINED_SLOTS {
            *self = HashCount::default();
        }
    }
}

/// A [`HashCount`]'s slots in use, borrowed as locals (see [`HashCount::room_for`]).
struct Slots<'a> {
    /// As many as `tags`, a power of two.
    slots: &'a mut [u64],
    tags: &'a mut [u8],
    tag: u8,
    len: &'a mut usize,
    /// How many hashes room was made for: at most half of the slots are taken with them.
    room: usize,
}

impl Slots<'_> {
    /// Puts each hash in its slot, unless it is there already, and adds the new ones to the
    /// set's count.
    #[inline(always)]
    fn insert_all(self, hashes: impl IntoIterator<Item = u64>) {
        let Slots {
            slots,
            tags,
            tag,
            len,
            room,
        } = self;
        // Said once here, the slices' one power-of-two length bounds every masked index: the
        // probes need no bounds tests.
        assert!(tags.len().is_power_of_two());
        let slots = &mut slots[..tags.len()];
        let mask = tags.len() - 1;
        let mut added = 0;
        for hash in hashes {
            let mut at = (hash >> 32) as usize & mask;
            loop {
                if tags[at] != tag {
                    tags[at] = tag;
                    slots[at] = hash;
                    added += 1;
                    break;
                }
                if slots[at] == hash {
                    break;
                }
                at = (at + 1) & mask;
            }
        }
        debug_assert!(added <= room, "more hashes than room was made for");
        *len += added;
    }
}

/// The slots [`HashCount::reset`] makes ready for each hash a text is expected to have.
const SLOTS_A_HASH: usize = 4;

/// The most slots [`DISTINCT`] keeps between texts (576 KiB with their tags; a report's
/// narrative needs a few thousand).
const RETAINED_SLOTS: usize = 1 << 16;

/// The base of the rolling hash over characters (odd, large).
const ROLL_BASE: u64 = 0x100_0000_01B3;

/// The rolling hash after `new` entered the window and `old` left it.
#[inline(always)]
fn roll(rolling: u64, new: u32, old: u32) -> u64 {
    rolling
        .wrapping_mul(ROLL_BASE)
        .wrapping_add(u64::from(new))
        .wrapping_sub(DROP.wrapping_mul(u64::from(old)))
}

/// The rolling hash's factor of the window two characters back: `ROLL_BASE²`.
const ROLL_BASE_SQUARED: u64 = ROLL_BASE.wrapping_mul(ROLL_BASE);

/// The rolling hashes of the windows ending at `chars[SHINGLE_CHARS..]` (`chars[w]` leaves as
/// `chars[w + SHINGLE_CHARS]` enters), one for each window of `hashes`, after `rolling` (the
/// hash of the window before); returns the last. The same hashes as [`roll`] one window
/// after another (the arithmetic is modulo 2⁶⁴, where any grouping gives the same sum), made
/// two windows a step: one multiply on the chain from a step to the next for two windows, where
/// each window waited on its own multiply and two adds (about five cycles a window on one
/// chain, the loop's other work standing by).
#[inline(always)]
fn roll_windows(chars: &[u32], mut rolling: u64, hashes: &mut [u64]) -> u64 {
    // What a window's hash gains over the one before it times ROLL_BASE.
    let change = |leaving: u32, entering: u32| {
        u64::from(entering).wrapping_sub(DROP.wrapping_mul(u64::from(leaving)))
    };
    let mut pairs = hashes.chunks_exact_mut(2);
    let mut at = 0;
    for pair in &mut pairs {
        let span = &chars[at..at + SHINGLE_CHARS + 2];
        let first = change(span[0], span[SHINGLE_CHARS]);
        let second = change(span[1], span[SHINGLE_CHARS + 1]);
        pair[0] = rolling.wrapping_mul(ROLL_BASE).wrapping_add(first);
        let both = first.wrapping_mul(ROLL_BASE).wrapping_add(second);
        rolling = rolling.wrapping_mul(ROLL_BASE_SQUARED).wrapping_add(both);
        pair[1] = rolling;
        at += 2;
    }
    if let [last] = pairs.into_remainder() {
        rolling = roll(rolling, chars[at + SHINGLE_CHARS], chars[at]);
        *last = rolling;
    }
    rolling
}

/// The hash of one window's characters (`chars`, [`SHINGLE_CHARS`] of them), as [`roll`]
/// leaves it after the window's last character: the polynomial `Σ chars[i] · ROLL_BASE^(11 − i)`
/// (modulo 2⁶⁴), the character leaving a window having taken its own term with it. Summed as
/// four parts of three characters, joined in pairs (the same sum, any grouping): the eleven
/// multiplies on four short chains, not one long one (~30 % less time a window in the vector
/// loop of a standalone copy).
#[inline(always)]
#[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
fn window_hash(chars: &[u32]) -> u64 {
    const PART: usize = SHINGLE_CHARS / 4;
    const _: () = assert!(PART * 4 == SHINGLE_CHARS);
    let chars = &chars[..SHINGLE_CHARS];
    let part = |at: usize| {
        chars[at..at + PART].iter().fold(0u64, |hash, &c| {
            hash.wrapping_mul(ROLL_BASE).wrapping_add(u64::from(c))
        })
    };
    let first = part(0)
        .wrapping_mul(ROLL_BASE_PART)
        .wrapping_add(part(PART));
    let second = part(2 * PART)
        .wrapping_mul(ROLL_BASE_PART)
        .wrapping_add(part(3 * PART));
    first
        .wrapping_mul(ROLL_BASE_PART.wrapping_mul(ROLL_BASE_PART))
        .wrapping_add(second)
}

/// `ROLL_BASE` to the power of a quarter of a shingle's characters ([`window_hash`]'s parts).
const ROLL_BASE_PART: u64 = {
    let mut p = 1u64;
    let mut i = 0;
    while i < SHINGLE_CHARS / 4 {
        p = p.wrapping_mul(ROLL_BASE);
        i += 1;
    }
    p
};

/// Each window's shingle hash and its second sketch's, for the windows ending at
/// `chars[SHINGLE_CHARS..]` (one for each of `shingles` and `second`) from window `warm` on
/// (the ones before are left as anything); returns the rolling hash of the last window, for
/// the next buffer. `rolling` is the rolling hash of `chars[..SHINGLE_CHARS]`, as
/// [`Sketcher`] keeps it.
///
/// With AVX-512 (`vpmullq`: a 64-bit multiply in one instruction), each window's hash is the
/// polynomial of its twelve characters, eight windows at a time, mixed in the same loop
/// ([`hash_windows_avx512`]): no chain from one window to the next, where the rolling hash
/// made one (about three cycles a window), and the finalisers' multiplies are not made of
/// 32-bit ones (AVX2 has no 64-bit multiply): ~1.4 ns a window where rolling then mixing took
/// ~3 (a standalone copy, this machine). Without it, [`roll_windows`] then [`mix_windows`].
fn hash_windows(
    chars: &[u32],
    rolling: u64,
    warm: usize,
    shingles: &mut [u64],
    second: &mut [u64],
) -> u64 {
    #[cfg(target_arch = "x86_64")]
    if has_avx512_multiply() {
        // SAFETY: the processor has AVX-512 F, DQ and VL, just asked.
        return unsafe { hash_windows_avx512(chars, warm, shingles, second) };
    }
    roll_and_mix_windows(chars, rolling, warm, shingles, second)
}

/// Whether the processor has what [`hash_windows_avx512`] is compiled for.
#[cfg(target_arch = "x86_64")]
fn has_avx512_multiply() -> bool {
    std::arch::is_x86_feature_detected!("avx512f")
        && std::arch::is_x86_feature_detected!("avx512dq")
        && std::arch::is_x86_feature_detected!("avx512vl")
}

/// [`hash_windows`] with AVX-512: the compiler's vectors of [`hash_windows_at_once`]; the
/// rolling hash is the last window's own.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512dq,avx512vl")]
fn hash_windows_avx512(
    chars: &[u32],
    warm: usize,
    shingles: &mut [u64],
    second: &mut [u64],
) -> u64 {
    hash_windows_at_once(&chars[warm..], &mut shingles[warm..], &mut second[warm..]);
    window_hash(&chars[chars.len() - SHINGLE_CHARS..])
}

/// [`hash_windows`] without AVX-512: the windows rolled one after another, then mixed.
fn roll_and_mix_windows(
    chars: &[u32],
    rolling: u64,
    warm: usize,
    shingles: &mut [u64],
    second: &mut [u64],
) -> u64 {
    let rolling = roll_windows(chars, rolling, shingles);
    mix_windows(&mut shingles[warm..], &mut second[warm..]);
    rolling
}

/// Each window's hash made from its own characters ([`window_hash`]) and mixed, both
/// sketches': windows independent of one another, which the compiler vectorises.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn hash_windows_at_once(chars: &[u32], shingles: &mut [u64], second: &mut [u64]) {
    let windows = shingles.len().min(second.len());
    // Sliced once to the windows' characters: the loop needs no bounds tests.
    let chars = &chars[..windows + SHINGLE_CHARS];
    for at in 0..windows {
        let hash = mix(window_hash(&chars[at + 1..at + 1 + SHINGLE_CHARS]));
        shingles[at] = hash;
        second[at] = mix(hash ^ SECOND_SKETCH);
    }
}

/// SplitMix64's finaliser: spreads every input bit over the output.
#[inline(always)]
fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// Replaces each window's rolling hash by its shingle's hash (the finaliser's) and writes the
/// second sketch's hash of it beside it. With AVX2, four windows at a time (the compiler's
/// vectors of the same loop; 64-bit multiplies made of 32-bit ones), where one multiply after
/// another was the loop's most instructions.
fn mix_windows(shingles: &mut [u64], second: &mut [u64]) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the processor has AVX2, just asked.
        unsafe { mix_windows_avx2(shingles, second) };
        return;
    }
    mix_windows_anywhere(shingles, second);
}

/// [`mix_windows`] compiled for processors with AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn mix_windows_avx2(shingles: &mut [u64], second: &mut [u64]) {
    mix_windows_anywhere(shingles, second);
}

/// [`mix_windows`] for any processor (and, inlined, the body of its AVX2 version).
#[inline(always)]
fn mix_windows_anywhere(shingles: &mut [u64], second: &mut [u64]) {
    for (hash, other) in shingles.iter_mut().zip(second) {
        *hash = mix(*hash);
        *other = mix(*hash ^ SECOND_SKETCH);
    }
}

/// Bins per LSH band: a pair with Jaccard 0.64 (containment 0.8 of two texts of one size)
/// shares a band with probability 1 − (1 − 0.64⁴)¹⁶ ≈ 0.95; a pair at 0.3 with ≈ 0.12.
pub const BAND_ROWS: usize = 4;

/// A name the report gives itself (signature, 「请与…联系」, 「现向社会公布…」, 「YYYY年，…」).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub name: String,
    /// Its normalised key ([`AgencyName::key`]).
    pub key: String,
    pub line: u32,
    pub column: u32,
    pub len: u32,
}

/// What the cross-report rules read of one report.
#[derive(Debug, Clone, Default)]
pub struct ReportFacts {
    /// The agency as the report names it. Shared: the index keeps one copy of a name for all
    /// the reports that give it (an agency's years), see [`crate::rules::cross::CrossIndex`].
    pub agency: Option<Arc<str>>,
    /// The agency, normalised; `None` when it has no place (no cross-report rule judges it).
    /// Shared as `agency` is.
    pub name: Option<Arc<AgencyName>>,
    pub year: Option<i32>,
    pub template: Option<TemplateVersion>,
    /// 表三 一 (本年新收), 二 (上年结转) and 四 (结转下年度继续办理).
    pub received: Option<RowValues>,
    pub carried_in: Option<RowValues>,
    pub carried_over: Option<RowValues>,
    /// 表二 规章 and (行政)规范性文件: 2021 本年制发 / 本年废止 / 现行有效; 2019 本年新制作 /
    /// 本年新公开 / 对外公开总数量.
    pub regulations: Option<RowValues>,
    pub normative: Option<RowValues>,
    /// 2019 表二 items (上一年项目数量, 本年增/减): 行政许可, 其他对外管理服务事项, 行政处罚,
    /// 行政强制, 行政事业性收费.
    pub items: Vec<(&'static str, RowValues)>,
    /// 表四's fifteen values.
    pub table4: Option<RowValues>,
    /// A hash of every value of 表二, 表三 and 表四, when at least one is not zero.
    pub tables_hash: Option<u64>,
    /// The narrative of sections 一, 五 and 六, sketched, and the lines it spans.
    pub narrative: Option<Sketch>,
    pub narrative_lines: Option<(u32, u32)>,
    /// The names with a place the report gives itself that are not its own agency's (by
    /// normalised key): only those can name another agency, and its own are most of them.
    pub mentions: Vec<Mention>,
    /// The file's modification time, set by whoever loaded the file (none for a text parsed
    /// in memory): of several versions of one report, the newest is the last modified.
    pub modified: Option<std::time::SystemTime>,
}

/// The 2019 表二 rows with 上一年项目数量 and 本年增/减.
pub const ITEM_ROWS: [&str; 5] = [
    "t2.permits",
    "t2.other-services",
    "t2.penalties",
    "t2.enforcement",
    "t2.fees",
];

impl ReportFacts {
    /// Reads the facts of a parsed report.
    pub fn of(report: &Report) -> ReportFacts {
        // The reading the report's rules made of the name (kept per thread), not a copy.
        let name = report.agency.as_deref().and_then(AgencyName::parse_shared);
        let t2 = report.table2.as_ref();
        let t3 = report.table3.as_ref();
        let items = if report.template == Some(TemplateVersion::V2019) {
            ITEM_ROWS
                .iter()
                .filter_map(|id| RowValues::of(t2, id).map(|v| (*id, v)))
                .collect()
        } else {
            Vec::new()
        };
        let (narrative, narrative_lines) = narrative(report);
        ReportFacts {
            agency: report.agency.as_deref().map(Arc::from),
            year: report.year,
            template: report.template,
            received: RowValues::of(t3, "t3.new"),
            carried_in: RowValues::of(t3, "t3.carried-in"),
            carried_over: RowValues::of(t3, "t3.carried-over"),
            regulations: RowValues::of(t2, "t2.regulations"),
            normative: RowValues::of(t2, "t2.normative"),
            items,
            table4: RowValues::of(report.table4.as_ref(), "t4.values"),
            tables_hash: tables_hash(report),
            narrative,
            narrative_lines,
            mentions: name.as_ref().map_or_else(Vec::new, |n| mentions(report, n)),
            name,
            modified: None,
        }
    }

    /// The normalised agency key, when the agency has a place.
    pub fn key(&self) -> Option<String> {
        self.name.as_ref().map(|name| name.key())
    }
}

/// Sections 一, 五 and 六 as one text, sketched: their prose lines fed to the sketch one by
/// one, as they would be joined.
fn narrative(report: &Report) -> (Option<Sketch>, Option<(u32, u32)>) {
    let (mut first, mut last) = (u32::MAX, 0);
    let bodies = [SectionId::Overview, SectionId::Problems, SectionId::Other].map(|id| {
        report
            .section(id)
            .filter(|section| section.body_first <= section.body_last)
            .map(|section| (section.body_first, section.body_last))
    });
    // Table rows are figures, judged by the table rules, not prose. The prose lines are
    // gathered first (as slices of the document) so that the set of distinct shingles is
    // sized for their bytes. Room for every line of the sections is made at once: grown line
    // by line, the list was moved some five times a report (~1,000 instructions).
    let room = bodies
        .iter()
        .flatten()
        .map(|&(from, to)| report.doc.lines_in(from, to).size_hint().1.unwrap_or(0))
        .sum();
    let mut prose: Vec<&str> = Vec::with_capacity(room);
    for &(from, to) in bodies.iter().flatten() {
        first = first.min(from);
        last = last.max(to);
        prose.extend(
            report
                .doc
                .lines_in(from, to)
                .filter(|line| !report.is_table_line(line.no))
                .map(|line| line.folded),
        );
    }
    let mut sketcher = Sketcher::new(prose.iter().map(|line| line.len()).sum());
    for line in prose {
        sketcher.feed(line);
    }
    let sketch = sketcher.finish();
    let lines = sketch.as_ref().map(|_| (first, last));
    (sketch, lines)
}

/// A hash of every table value, when the tables are there and not all zero: each row's id,
/// then its cells' values as little-endian `f64` (-1 for a cell without a number).
fn tables_hash(report: &Report) -> Option<u64> {
    let tables = [
        report.table2.as_ref()?,
        report.table3.as_ref()?,
        report.table4.as_ref()?,
    ];
    let rows = || tables.into_iter().flat_map(|table| &table.rows);
    // The bytes hashed, counted first, then written in place: pushed, each cell's eight bytes
    // had a test of the room left and a length to update (a report has a few hundred).
    let size: usize = rows()
        .map(|row| row.spec.id.len() + 8 * row.cells.len())
        .sum();
    TABLE_BYTES.with_borrow_mut(|bytes| {
        // Every byte up to `size` is written below, so the buffer kept from the last report
        // is written over: only room it lacks is zeroed (zeroing the ~2.5 KB of a fresh one
        // took ~2,700 instructions, `rep stosb` counted a byte at a time).
        bytes.resize(size, 0);
        let mut rest = &mut bytes[..];
        let mut any = false;
        for row in rows() {
            let (id, after) = rest.split_at_mut(row.spec.id.len());
            id.copy_from_slice(row.spec.id.as_bytes());
            let (values, after) = after.split_at_mut(8 * row.cells.len());
            for (slot, cell) in values.as_chunks_mut::<8>().0.iter_mut().zip(&row.cells) {
                // An integer is its own float (what `as_f64` gives, without its division).
                let value = match cell.value.number() {
                    Some(n) if n.scale == 0 => n.mantissa as f64,
                    Some(n) => n.as_f64(),
                    None => -1.0,
                };
                any |= value != 0.0 && value != -1.0;
                *slot = value.to_le_bytes();
            }
            rest = after;
        }
        any.then(|| xxhash_rust::xxh3::xxh3_64(bytes))
    })
}

thread_local! {
    /// The bytes [`tables_hash`] hashes, a buffer kept per thread from report to report.
    static TABLE_BYTES: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The names the report gives itself, with a place, other than its own agency's (`own`: the
/// report's agency, read).
fn mentions(report: &Report, own: &AgencyName) -> Vec<Mention> {
    let mut found = Vec::new();
    let own_key = own.key();
    let mut push = |name: &str, line: u32, column: u32| {
        // The agency's name as the report gives it reads as `own`: no need to read it again
        // (most self-names, the signature above all, are that name).
        if report.agency.as_deref() == Some(name) {
            return;
        }
        if let Some(parsed) = AgencyName::parse_shared(name) {
            let key = parsed.key();
            if key == own_key {
                return;
            }
            found.push(Mention {
                name: name.to_string(),
                key,
                line,
                column,
                len: name.chars().count() as u32,
            });
        }
    };
    if let Some(signed) = &report.signatory {
        push(&signed.name, signed.span.line, signed.span.column);
    }
    // Read once per report, shared with `agency-mismatch`; read against the same parse of the
    // title's agency as `own`.
    for found in report.self_names() {
        push(&found.name, found.line, found.column);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A row with a value beyond `i32` keeps every value exactly (the wide words), and a row
    /// of small values takes one word each.
    #[test]
    fn row_values_keep_values_of_any_size() {
        let values = [
            Some(i64::MIN),
            Some(-1),
            None,
            Some(i64::from(i32::MAX) + 1),
            Some(7),
        ];
        let row = RowValues::new(values.iter().copied(), 3);
        for (column, value) in values.iter().enumerate() {
            assert_eq!(row.get(column), *value, "column {column}");
        }
        assert_eq!(row.columns(), values.len());
        assert_eq!(row.get(values.len()), None);
        // Narrow values before the first wide one, which widens them.
        let late = [
            Some(-5),
            None,
            Some(i64::from(i32::MIN)),
            Some(1 << 40),
            Some(-3),
        ];
        let row = RowValues::new(late.iter().copied(), 3);
        assert!(row.wide);
        assert_eq!(row.words.len(), 2 * late.len());
        for (column, value) in late.iter().enumerate() {
            assert_eq!(row.get(column), *value, "column {column}");
        }
        let small = [Some(i64::from(i32::MIN)), Some(i64::from(i32::MAX)), None];
        let row = RowValues::new(small.iter().copied(), 3);
        assert_eq!(row.words.len(), small.len());
        for (column, value) in small.iter().enumerate() {
            assert_eq!(row.get(column), *value, "column {column}");
        }
    }

    #[test]
    fn row_values_keep_what_was_readable() {
        let values = [Some(3), None, Some(0), Some(-7), None];
        let row = RowValues::new(values.iter().copied(), 12);
        for (column, value) in values.iter().enumerate() {
            assert_eq!(row.get(column), *value, "column {column}");
        }
        assert_eq!(row.get(values.len()), None);
        assert_eq!(row.columns(), values.len());
        assert_eq!(row.line, 12);
        use crate::report::template::{
            TABLE2_2019, TABLE2_2021, TABLE3_2019, TABLE3_2021, TABLE4_ROW,
        };
        let widest = [TABLE2_2019, TABLE2_2021, TABLE3_2019, TABLE3_2021]
            .into_iter()
            .flatten()
            .chain([&TABLE4_ROW])
            .map(|spec| spec.expected_values())
            .max();
        assert!(widest.is_some_and(|w| w <= MAX_COLUMNS), "{widest:?}");
    }

    #[test]
    fn a_near_copy_is_contained_and_another_text_is_not() {
        let base = "本机关认真贯彻落实政府信息公开条例，围绕中心工作，深化重点领域信息公开，\
                    加强政策解读和回应关切，规范依申请公开办理，完善平台建设和监督保障。\
                    存在的问题是公开内容不够全面，解读形式较为单一，下一步将加强培训。";
        let copy = format!("{base}另有一句新增的话。");
        let other = "今年县交通运输局完成农村公路建设八十公里，养护里程增加，客运班线延伸到\
                     所有行政村，执法检查发现隐患一百余处并全部整改到位，群众出行更加便利。";
        let a = Sketch::of(base).unwrap();
        let b = Sketch::of(&copy).unwrap();
        let c = Sketch::of(other).unwrap();
        assert!(a.containment_in(&b) >= 0.8, "{}", a.containment_in(&b));
        assert!(a.containment_in(&c) < 0.2, "{}", a.containment_in(&c));
        assert!(a.bands().zip(b.bands()).any(|(x, y)| x == y));
        assert!(Sketch::of("太短").is_none());
    }

    /// SplitMix64's finaliser with its constants written out: the reference for the
    /// sketcher's (`super::mix`).
    fn mix(mut x: u64) -> u64 {
        x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        x ^ (x >> 31)
    }

    /// The sketch as first written: every window's hash collected, sorted and deduplicated.
    fn sketch_by_sorting(text: &str) -> Option<Sketch> {
        let chars: Vec<char> = text
            .chars()
            .filter(|c| is_han(*c) || c.is_alphanumeric())
            .collect();
        if chars.len() < SHINGLE_CHARS {
            return None;
        }
        let mut hashes: Vec<u64> = chars
            .windows(SHINGLE_CHARS)
            .map(|w| {
                mix(w.iter().fold(0u64, |h, c| {
                    h.wrapping_mul(ROLL_BASE).wrapping_add(u64::from(*c))
                }))
            })
            .collect();
        hashes.sort_unstable();
        hashes.dedup();
        let mut bins = [EMPTY_BIN; SKETCH_BINS];
        for &hash in &hashes {
            for (offset, hash) in [(0, hash), (BANDED_BINS, mix(hash ^ SECOND_SKETCH))] {
                let bin = offset + (hash % BANDED_BINS as u64) as usize;
                bins[bin] = bins[bin].min((hash >> 32) as u32);
            }
        }
        Some(Sketch {
            bins,
            shingles: hashes.len(),
        })
    }

    #[test]
    fn the_streamed_sketch_equals_the_sorted_one() {
        let unit = "本机关认真贯彻落实政府信息公开条例，围绕中心工作，深化重点领域信息公开。";
        let long: String = (0..400)
            .map(|i| format!("{unit}第{i}项，ABC{}。", i % 7))
            .collect();
        for text in [
            unit.to_string(),
            unit.repeat(50),
            long.clone(),
            "十二个字正好是一个窗口".to_string(),
            "十二个字正好是一个窗口吗".to_string(),
            "短".to_string(),
            // Punctuation of every kind, letters and digits of other scripts, 4-byte
            // ideographs, and characters next to the ranges decided without the tables.
            "“公开”、《条例》【要点】——第一……〇々〆〡〩〸〺·ａｂ１２（一）①②Ⅻ𠀀𠀁é中\u{2070}\u{2071}\u{3005}\u{3021}\u{FF10}\u{FF21}本机关认真贯彻落实".repeat(3),
            format!("{}{}", unit.repeat(2), "x".repeat(10)),
        ] {
            assert_eq!(Sketch::of(&text), sketch_by_sorting(&text), "{text}");
        }
        // A text long enough that the reused set is grown and then released, and a short one
        // after it, read on the same thread.
        let huge = long.repeat(40);
        assert_eq!(Sketch::of(&huge), sketch_by_sorting(&huge));
        assert_eq!(Sketch::of(unit), sketch_by_sorting(unit));
    }

    /// The reused set counts each text's distinct hashes alone — after a larger text, after
    /// growing, with the hash 0, and when the texts' tags wrap around.
    #[test]
    fn the_reused_set_counts_each_text_alone() {
        let mut set = HashCount::default();
        for round in 0..6u64 {
            if round == 4 {
                set.tag = u8::MAX;
            }
            let hashes: Vec<u64> = (0..40 + 300 * (round % 2))
                .map(|i| mix(i % (23 + round)))
                .chain([0, 0, u64::MAX, 7 << 32, (7 << 32) | 1])
                .collect();
            set.reset(if round == 3 { 1 } else { hashes.len() });
            // In pieces of every size, so that the set grows while a text's hashes are in it.
            for piece in hashes.chunks(1 + round as usize * 3) {
                set.room_for(piece.len()).insert_all(piece.iter().copied());
            }
            let distinct: std::collections::HashSet<u64> = hashes.iter().copied().collect();
            assert_eq!(set.len(), distinct.len(), "round {round}");
            assert_ne!(set.tag, 0);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

        /// Any text, cut anywhere, is sketched as the sorted reference sketches it whole:
        /// few distinct characters (so that shingles repeat), every kind of character, texts
        /// longer than the sketcher's buffer, pieces shorter and longer than it.
        #[test]
        fn any_text_in_any_pieces_is_sketched_as_by_sorting(
            text in proptest::collection::vec(
                proptest::sample::select(vec![
                    '一', '二', '公', '开', '㐀', '丽', '々', '〇', 'A', 'z', '7', '１', 'ａ',
                    '，', '。', '、', '“', ' ', '\n', '—', '𠀀', 'é', 'Ж', '٣', '\u{4DC0}',
                ]),
                0..1800,
            ),
            cuts in proptest::collection::vec(0usize..2000, 0..12),
        ) {
            let text: String = text.into_iter().collect();
            let mut cuts: Vec<usize> = cuts
                .into_iter()
                .map(|cut| (0..=cut.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0))
                .collect();
            cuts.sort_unstable();
            let mut sketcher = Sketcher::new(cuts.first().copied().unwrap_or(text.len()));
            let mut from = 0;
            for cut in cuts {
                sketcher.feed(&text[from..cut]);
                from = cut;
            }
            sketcher.feed(&text[from..]);
            proptest::prop_assert_eq!(sketcher.finish(), sketch_by_sorting(&text));
        }
    }

    /// The characters `decode_sketched` writes from `pending` on, each way it can decode them.
    fn decoded_each_way(text: &str, pending: usize) -> Vec<(&'static str, Vec<u32>)> {
        type DecodeFn = fn(&str, &mut [u32; PENDING], usize) -> usize;
        let mut ways: Vec<(&'static str, DecodeFn)> = vec![
            ("anywhere", decode_sketched_anywhere),
            ("dispatched", decode_sketched),
        ];
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the processor has AVX2, just asked.
            ways.push(("avx2", |text, chars, pending| unsafe {
                decode_sketched_avx2(text, chars, pending)
            }));
        }
        #[cfg(target_arch = "x86_64")]
        if has_avx512_compress() {
            // SAFETY: the processor has AVX-512 F, BW and VBMI2, just asked.
            ways.push(("avx512", |text, chars, pending| unsafe {
                decode_sketched_avx512(text, chars, pending)
            }));
        }
        ways.into_iter()
            .map(|(way, decode)| {
                // Filled with a marker, so that a lane stored past the end is not read as 0.
                let mut chars = [u32::MAX; PENDING];
                let end = decode(text, &mut chars, pending);
                (way, chars[pending..end].to_vec())
            })
            .collect()
    }

    /// The code points a sketch reads of a text, by the standard library's decoding.
    fn sketched_chars(text: &str) -> Vec<u32> {
        text.chars()
            .filter(|c| is_han(*c) || c.is_alphanumeric())
            .map(u32::from)
            .collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// Runs of ideographs of every length, broken by every kind of character (those whose
        /// first byte is E4–E9 but that are not U+4E00–U+9FFF among them), anywhere in the
        /// buffer, are decoded as the characters a sketch reads, in order, whichever way.
        #[test]
        fn every_way_of_decoding_reads_the_sketched_characters(
            runs in proptest::collection::vec(
                (
                    proptest::collection::vec(
                        proptest::sample::select(vec![
                            '一', '丁', '公', '开', '信', '息', '\u{9FFF}', '\u{9FFE}', '\u{4E01}',
                        ]),
                        0..20,
                    ),
                    proptest::sample::select(vec![
                        '\u{4DFF}', '\u{4DC0}', '\u{4000}', '\u{A000}', '㐀', '々', '〇', '、',
                        '。', '“', 'A', 'z', '7', ',', ' ', '\n', 'é', 'Ж', '٣', '𠀀', '\u{EFFF}',
                        '\u{3FFF}', '一',
                    ]),
                ),
                0..8,
            ),
            offset in 0usize..PENDING,
        ) {
            let text: String = runs
                .into_iter()
                .flat_map(|(run, end)| run.into_iter().chain([end]))
                .collect();
            let room = (PENDING - SHINGLE_CHARS).saturating_sub(text.len());
            let pending = SHINGLE_CHARS + offset % (room + 1);
            proptest::prop_assume!(pending + text.len() <= PENDING);
            for (way, decoded) in decoded_each_way(&text, pending) {
                proptest::prop_assert_eq!(&decoded, &sketched_chars(&text), "{}, {:?}", way, text);
            }
        }
    }

    /// Every character of the Basic Multilingual Plane, and every 97th beyond it, is decoded
    /// as the standard library reads it, whichever way: each after at least 64 bytes of
    /// ideographs and ASCII letters and punctuation of varying lengths, so that no other
    /// character shares its block (a block holding one the block test does not decide is
    /// read another way), that it falls at every place of a block, and that the ranges the
    /// test decides meet the characters beside them (U+2070 and U+3021 are sketched, U+206F
    /// and U+3020 not, U+4DFF before U+4E00).
    #[test]
    fn every_character_is_decoded_in_every_place_of_a_block() {
        let text: String = (0..=0x10FFFF_u32)
            .filter(|&c| c < 0x10000 || c % 97 == 0)
            .filter_map(char::from_u32)
            .enumerate()
            .flat_map(|(i, c)| {
                let ideographs = std::iter::repeat_n('一', 22 + i % 3);
                let ascii = ['a', ',', 'Z'].into_iter().take(i % 4);
                ideographs.chain(ascii).chain([c])
            })
            .collect();
        let mut rest = text.as_str();
        while !rest.is_empty() {
            let mut cut = rest.len().min(PENDING - SHINGLE_CHARS - 1);
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            let (piece, after) = rest.split_at(cut);
            let expected = sketched_chars(piece);
            for (way, decoded) in decoded_each_way(piece, SHINGLE_CHARS) {
                assert_eq!(decoded, expected, "{way}, {piece:?}");
            }
            rest = after;
        }
    }

    /// Every ideograph U+4E00–U+9FFF, in runs of every length up to twice the wide decoder's
    /// lanes, is decoded as itself, and so is what ends the run.
    #[test]
    fn every_ideograph_is_decoded_in_every_lane() {
        let ideographs: Vec<char> = (0x4E00..=0x9FFF).filter_map(char::from_u32).collect();
        let mut rest = &ideographs[..];
        let mut count = 0;
        while !rest.is_empty() {
            let (run, after) = rest.split_at((1 + count % 17).min(rest.len()));
            let end = ['、', 'a', '\u{4DFF}', '\u{A000}', '一'][count % 5];
            let text: String = run.iter().chain([&end]).collect();
            for (way, decoded) in decoded_each_way(&text, SHINGLE_CHARS + count % 64) {
                assert_eq!(decoded, sketched_chars(&text), "{way}, {text}");
            }
            rest = after;
            count += 1;
        }
    }

    /// The windows' hashes mixed together (four at a time with AVX2) are each window's hash
    /// mixed alone, the second sketch's too, for every count of windows (the vector loop's
    /// remainders) and hashes with any bits set.
    #[test]
    fn the_windows_mixed_together_are_each_mixed_alone() {
        let mut state = 3u64;
        let rolling: Vec<u64> = (0..80)
            .map(|i| {
                state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
                match i % 9 {
                    0 => 0,
                    1 => u64::MAX,
                    2 => 1 << (i % 64),
                    _ => mix(state),
                }
            })
            .collect();
        let expected: Vec<(u64, u64)> = rolling
            .iter()
            .map(|&r| (mix(r), mix(mix(r) ^ SECOND_SKETCH)))
            .collect();
        type MixFn = fn(&mut [u64], &mut [u64]);
        let mut ways: Vec<(&str, MixFn)> = vec![
            ("anywhere", mix_windows_anywhere),
            ("dispatched", mix_windows),
        ];
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the processor has AVX2, just asked.
            ways.push(("avx2", |a, b| unsafe { mix_windows_avx2(a, b) }));
        }
        for (way, mix_all) in ways {
            for count in 0..rolling.len() {
                let mut shingles = rolling[..count].to_vec();
                let mut second = vec![0; count];
                mix_all(&mut shingles, &mut second);
                let got: Vec<(u64, u64)> = shingles.into_iter().zip(second).collect();
                assert_eq!(got, expected[..count], "{way}, {count} windows");
            }
        }
    }

    /// Characters of a buffer with at least one window: zeros, the edges of the ideographs and
    /// the largest value among any others.
    fn window_chars() -> impl proptest::strategy::Strategy<Value = Vec<u32>> {
        proptest::collection::vec(
            proptest::prop_oneof![
                proptest::sample::select(vec![0u32, 1, 0x4E00, 0x9FFF, u32::MAX]),
                proptest::prelude::any::<u32>(),
            ],
            SHINGLE_CHARS..SHINGLE_CHARS + 80,
        )
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]

        /// The windows rolled two at a time have the hashes of rolling one window after
        /// another, for any count of windows (odd and even), any characters (from zeros to
        /// the largest) and any hash of the window before.
        #[test]
        fn the_windows_rolled_in_pairs_are_rolled_one_at_a_time(
            chars in window_chars(),
            before in proptest::prelude::any::<u64>(),
        ) {
            let windows = chars.len() - SHINGLE_CHARS;
            let mut rolling = before;
            let expected: Vec<u64> = chars
                .windows(SHINGLE_CHARS + 1)
                .map(|span| {
                    rolling = roll(rolling, span[SHINGLE_CHARS], span[0]);
                    rolling
                })
                .collect();
            let mut hashes = vec![0; windows];
            let last = roll_windows(&chars, before, &mut hashes);
            proptest::prop_assert_eq!(last, rolling);
            proptest::prop_assert_eq!(hashes, expected);
        }
    }

    /// One way of hashing windows, the hashes it made (both sketches') and the rolling hash
    /// it left.
    type WindowsHashed = (&'static str, Vec<(u64, u64)>, u64);

    /// The shingle and second-sketch hashes [`hash_windows`] makes each way it can make them,
    /// with the rolling hash each leaves for the next buffer.
    fn windows_hashed_each_way(chars: &[u32], rolling: u64, warm: usize) -> Vec<WindowsHashed> {
        type HashFn = fn(&[u32], u64, usize, &mut [u64], &mut [u64]) -> u64;
        let mut ways: Vec<(&'static str, HashFn)> = vec![
            ("dispatched", hash_windows),
            ("rolled", roll_and_mix_windows),
        ];
        #[cfg(target_arch = "x86_64")]
        if has_avx512_multiply() {
            // SAFETY: the processor has AVX-512 F, DQ and VL, just asked.
            ways.push(("avx512", |chars, _, warm, shingles, second| unsafe {
                hash_windows_avx512(chars, warm, shingles, second)
            }));
        }
        let windows = chars.len() - SHINGLE_CHARS;
        ways.into_iter()
            .map(|(way, hash_all)| {
                let (mut shingles, mut second) = (vec![0; windows], vec![0; windows]);
                let last = hash_all(chars, rolling, warm, &mut shingles, &mut second);
                let hashes = shingles.into_iter().zip(second).skip(warm).collect();
                (way, hashes, last)
            })
            .collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]

        /// Each way of hashing a buffer's windows (with AVX-512, each window's hash made from
        /// its own characters, eight at a time) gives the hashes of rolling one window after
        /// another and mixing each, both sketches', from the first warm window on, and leaves
        /// the rolling hash of the last window: any count of windows (every remainder of the
        /// vector loop), any characters, any characters before them, any warm-up.
        #[test]
        fn the_windows_hashed_each_way_are_rolled_and_mixed_one_at_a_time(
            chars in window_chars(),
            warm in 0usize..16,
        ) {
            let windows = chars.len() - SHINGLE_CHARS;
            let warm = warm.min(windows);
            // As the sketcher keeps it: the rolling hash of the characters before the buffer's
            // windows, the hash their own window would have.
            let before = chars[..SHINGLE_CHARS]
                .iter()
                .fold(0u64, |h, &c| h.wrapping_mul(ROLL_BASE).wrapping_add(u64::from(c)));
            let mut rolling = before;
            let expected: Vec<(u64, u64)> = chars
                .windows(SHINGLE_CHARS + 1)
                .map(|span| {
                    rolling = roll(rolling, span[SHINGLE_CHARS], span[0]);
                    (mix(rolling), mix(mix(rolling) ^ SECOND_SKETCH))
                })
                .collect();
            for (way, hashes, last) in windows_hashed_each_way(&chars, before, warm) {
                proptest::prop_assert_eq!(last, rolling, "{}", way);
                proptest::prop_assert_eq!(&hashes[..], &expected[warm..], "{}", way);
            }
        }
    }

    /// A text given in pieces (a narrative line by line) is sketched as the pieces joined,
    /// wherever the cuts fall, and whatever size the set was made for.
    #[test]
    fn a_text_fed_in_pieces_is_sketched_as_the_whole() {
        let text = "第一行：本机关认真贯彻落实政府信息公开条例。\n2023年，ABC公开了12件。\
                    𠀀𠀁〇々围绕中心工作，深化重点领域信息公开，加强政策解读和回应关切。"
            .repeat(20);
        let whole = sketch_by_sorting(&text);
        let cuts: Vec<usize> = (0..text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        for step in [1, 2, 5, 13, 40] {
            for size in [0, text.len()] {
                let mut sketcher = Sketcher::new(size);
                let mut from = 0;
                for &cut in cuts.iter().step_by(step).skip(1) {
                    sketcher.feed(&text[from..cut]);
                    from = cut;
                }
                sketcher.feed(&text[from..]);
                assert_eq!(sketcher.finish(), whole, "step {step}, size {size}");
            }
        }
        assert_eq!(Sketcher::new(10).finish(), None);
    }

    #[test]
    fn the_sketched_characters_are_ideographs_letters_and_digits() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let expected = is_han(c) || c.is_alphanumeric();
            let expected = if expected { vec![u32::from(c)] } else { vec![] };
            // Alone (the last bytes of a text) and followed by a character of every length
            // (four bytes readable: the ideographs' fast test).
            for after in ["", "-", "é", "，", "𠀀"] {
                let text = format!("{c}{after}");
                let mut decoded = Vec::new();
                for_each_sketched(&text, |c| decoded.push(c));
                let mut after_decoded = Vec::new();
                for_each_sketched(after, |c| after_decoded.push(c));
                assert_eq!(
                    decoded,
                    [expected.clone(), after_decoded].concat(),
                    "{c:?} then {after:?}"
                );
            }
        }
    }

    /// Ideographs from a seeded generator, some of them repeated from `base` so that pairs
    /// of every overlap occur.
    fn text(seed: u64, len: usize, base: &[char], kept_percent: u64) -> Vec<char> {
        let mut state = seed;
        let mut next = move || {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            mix(state)
        };
        (0..len)
            .map(|i| match base.get(i) {
                Some(&c) if next() % 100 < kept_percent => c,
                _ => char::from_u32(0x4E00 + (next() % 2000) as u32).unwrap_or('一'),
            })
            .collect()
    }

    /// The exact Jaccard similarity of two texts' 12-character shingles.
    fn exact_jaccard(a: &[char], b: &[char]) -> f64 {
        let shingles = |t: &[char]| -> std::collections::HashSet<String> {
            t.windows(SHINGLE_CHARS)
                .map(|w| w.iter().collect())
                .collect()
        };
        let (a, b) = (shingles(a), shingles(b));
        a.intersection(&b).count() as f64 / a.union(&b).count() as f64
    }

    #[test]
    fn the_estimate_of_a_pair_sharing_phrasing_strays_little() {
        // Pairs at Jaccard ≈ 0.4, like same-year reports sharing a region's phrasing: with 64
        // bins the estimate strayed by 0.06 (one pair in a million of 100,000 reports' reached
        // a copy's 0.64); with 128, by about 0.043.
        let mut squares = 0.0;
        let pairs = 300;
        for seed in 0..pairs {
            let base = text(1000 + seed, 700, &[], 0);
            let other = text(5000 + seed, 700, &base, 95);
            let truth = exact_jaccard(&base, &other);
            let (Some(a), Some(b)) = (
                Sketch::of(&base.iter().collect::<String>()),
                Sketch::of(&other.iter().collect::<String>()),
            ) else {
                panic!("texts of 700 characters have sketches");
            };
            squares += (a.jaccard(&b) - truth).powi(2);
        }
        let deviation = (squares / pairs as f64).sqrt();
        assert!(deviation < 0.052, "{deviation}");
    }

    /// Bit `i` of plane `k` is bit `k` of bin `i`, as written out one bin at a time.
    #[test]
    fn the_signature_holds_the_low_bits_of_every_bin() {
        let mut state = 7u64;
        let mut bins = [EMPTY_BIN; SKETCH_BINS];
        for bin in bins.iter_mut().skip(3) {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            *bin = (mix(state) >> 32) as u32;
        }
        let sketch = Sketch { bins, shingles: 40 };
        let mut planes = [[0u64; SKETCH_BINS / 64]; SIGNATURE_PLANES];
        for (bin, value) in bins.iter().enumerate() {
            for (plane, words) in planes.iter_mut().enumerate() {
                words[bin / 64] |= u64::from((value >> plane) & 1) << (bin % 64);
            }
        }
        assert_eq!(
            sketch.signature(),
            Signature {
                planes,
                shingles: 40
            }
        );
    }

    #[test]
    fn the_signature_never_rules_out_a_pair_the_sketch_accepts() {
        let base = text(1, 600, &[], 0);
        let mut ruled_out = 0;
        let mut pairs = 0;
        for seed in 0..400u64 {
            // Lengths from a fifth to twice the base, overlaps from none to almost all.
            let len = 120 + (seed as usize * 37) % 1100;
            let kept = [0, 50, 80, 90, 95, 97, 99, 100][seed as usize % 8];
            let other: String = text(seed + 2, len, &base, kept).into_iter().collect();
            let (Some(a), Some(b)) = (
                Sketch::of(&base.iter().collect::<String>()),
                Sketch::of(&other),
            ) else {
                continue;
            };
            for threshold in [0.3, 0.5, 0.8, 0.95] {
                let share = a.containment_in(&b).max(b.containment_in(&a));
                let may = a.signature().may_contain(&b.signature(), threshold);
                assert_eq!(
                    may,
                    b.signature().may_contain(&a.signature(), threshold),
                    "symmetric"
                );
                if share >= threshold {
                    assert!(may, "seed {seed}, share {share} ≥ {threshold} ruled out");
                }
                // At the default threshold, a pair sharing at most half is what it is for.
                if threshold == 0.8 && share <= 0.5 {
                    pairs += 1;
                    ruled_out += usize::from(!may);
                }
            }
        }
        // It does rule out: most such pairs (those left are mostly a short text against one
        // five times longer, which a low share of the longer one's shingles can contain).
        assert!(
            ruled_out * 5 >= pairs * 4,
            "{ruled_out} of {pairs} ruled out"
        );
    }

    /// [`tables_hash`] as it was before the bytes were written in place: pushed one row id and
    /// one cell at a time.
    fn tables_hash_pushed(report: &Report) -> Option<u64> {
        let tables = [&report.table2, &report.table3, &report.table4].map(Option::as_ref);
        let mut bytes = Vec::new();
        let mut any = false;
        for table in tables {
            let table = table?;
            for row in &table.rows {
                bytes.extend_from_slice(row.spec.id.as_bytes());
                for cell in &row.cells {
                    let value = match cell.value.number() {
                        Some(n) if n.scale == 0 => n.mantissa as f64,
                        Some(n) => n.as_f64(),
                        None => -1.0,
                    };
                    any |= value != 0.0 && value != -1.0;
                    bytes.extend_from_slice(&value.to_le_bytes());
                }
            }
        }
        any.then(|| xxhash_rust::xxh3::xxh3_64(&bytes))
    }

    /// What a cell of the hashed tables may hold: zero, counts, decimals, a number with a unit,
    /// placeholders, blanks and text.
    const CELL_TEXTS: [&str; 11] = [
        "0", "3", "17", "2.5", "0.25", "-4", "12件", "-", "", "无", "若干",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

        /// Any values in 表三's and 表四's rows, in every layout and both templates, with a
        /// table or none left out, hash as they did pushed (and the hash is there unless every
        /// value is zero or a table is missing).
        #[test]
        fn tables_hashed_in_place_hash_as_pushed(
            received in proptest::collection::vec(proptest::sample::select(&CELL_TEXTS[..]), 7),
            appeals in proptest::collection::vec(proptest::sample::select(&CELL_TEXTS[..]), 15),
            layout in 0..3usize,
            v2019 in proptest::prelude::any::<bool>(),
            without in 0..4usize,
        ) {
            use crate::report::tables::fixtures;
            use crate::report::TableKind;
            let mut fixture = [fixtures::rows, fixtures::cells, fixtures::lines][layout]()
                .row("t3.new", &received)
                .row("t4.values", &appeals);
            if v2019 {
                fixture = fixture.v2019();
            }
            if let Some(&kind) = [TableKind::Table2, TableKind::Table3, TableKind::Table4].get(without) {
                fixture = fixture.without(kind);
            }
            let report = fixture.report();
            proptest::prop_assert_eq!(tables_hash(&report), tables_hash_pushed(&report));
        }
    }

    proptest::proptest! {
        /// The signature's planes gathered four bins at a time are those made a bit at a
        /// time, for bins of any bits (empty ones, `u32::MAX`, among them).
        #[test]
        fn the_planes_gathered_four_at_a_time_are_made_bit_by_bit(
            bins in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::prelude::any::<u32>(),
                    proptest::prelude::Just(EMPTY_BIN),
                    0u32..4,
                ],
                SKETCH_BINS,
            ),
            shingles in 0usize..100_000,
        ) {
            let mut sketch = Sketch { bins: [0; SKETCH_BINS], shingles };
            sketch.bins.copy_from_slice(&bins);
            proptest::prop_assert_eq!(sketch.planes(), sketch.planes_bit_by_bit());
        }
    }

    /// … and for each single bit of each bin, in each plane.
    #[test]
    fn each_bins_bits_land_in_its_place_of_each_plane() {
        for bin in 0..SKETCH_BINS {
            for value in [1u32, 2, 3, u32::MAX - 1] {
                let mut sketch = Sketch {
                    bins: [0; SKETCH_BINS],
                    shingles: 1,
                };
                sketch.bins[bin] = value;
                assert_eq!(sketch.planes(), sketch.planes_bit_by_bit(), "{bin} {value}");
            }
        }
    }

    /// The property above is not vacuous: the fixture hashes, and a table left out does not.
    #[test]
    fn the_fixture_tables_hash_unless_one_is_missing() {
        use crate::report::tables::fixtures;
        use crate::report::TableKind;
        let report = fixtures::rows()
            .row("t3.new", &["1", "2", "0", "0", "0", "0", "3"])
            .report();
        assert!(tables_hash(&report).is_some());
        assert_eq!(tables_hash(&report), tables_hash_pushed(&report));
        let report = fixtures::rows().without(TableKind::Table4).report();
        assert_eq!(tables_hash(&report), None);
    }
}
