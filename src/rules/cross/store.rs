//! Where the cross index keeps what only judging a report needs (its sketch, row values,
//! mentions, …): in memory, or in a spill file (a run over a whole folder, the dashboard's
//! inbox), which holds in memory only what finding a report's related reports needs (see
//! [`super::Indexed`]) and reads a report's facts back when a rule judges it.
//!
//! A spilled report is one record appended to the file: its facts less what its slot keeps
//! (agency, name, year, time), in the little-endian layout of [`encode`]. Records are gathered in
//! a buffer and written a buffer at a time; a record still in the buffer is read from there. A
//! file that cannot be written any more (a full disk) costs memory, not results: its records
//! stay in the buffer from then on. A report removed or replaced leaves its record behind (in a
//! long dashboard session the file grows by a record, about a kilobyte, per re-read report).
//!
//! Reports are judged in about the order they were added, so a record read from the file is
//! read with the records after it, a block of [`READ_AHEAD`] bytes kept for the next ones: one
//! `pread` for some sixty reports instead of one each. A record out of that order (the previous
//! year's report, a peer) is read alone, and the block stays.

use std::io;
use std::sync::{Arc, Mutex, PoisonError};

use super::facts::{Mention, ReportFacts, RowValues, Sketch, ITEM_ROWS, SKETCH_BINS};
use crate::report::template::TemplateVersion;
use crate::spill::SpillFile;

/// Where a report's facts are.
#[derive(Debug)]
pub(super) enum Body {
    Here(Arc<ReportFacts>),
    /// `len` bytes at `at` of the spill (in the file or its buffer).
    Spilled {
        at: u64,
        len: u32,
    },
}

/// The facts of the reports of an index.
#[derive(Debug, Default)]
pub(super) struct Store {
    spill: Option<Spill>,
}

#[derive(Debug)]
struct Spill {
    file: SpillFile,
    /// The bytes in the file: a record at an offset below it is read from the file.
    written: u64,
    /// The records from `written` on.
    pending: Vec<u8>,
    /// Cleared when a write fails: from then on every record stays in `pending`.
    writable: bool,
    /// The block of the file read last (readers may be several threads).
    ahead: Mutex<ReadAhead>,
}

/// The blocks of the spill file read last, one for each sequence of records being read: the
/// threads that judge a run's reports in parallel each read a stretch of them in order.
#[derive(Debug, Default)]
struct ReadAhead {
    blocks: Vec<Block>,
    /// Counts the reads of records, to find the block used least recently.
    clock: u64,
    /// For tests: how many times the file was read.
    #[cfg(test)]
    reads: usize,
}

/// A block of the spill file, read from `at`, and where the last record read through it ended:
/// a record starting there or at the block's end is the next in the file's order.
#[derive(Debug, Default)]
struct Block {
    at: u64,
    bytes: Vec<u8>,
    last_end: u64,
    used: u64,
}

impl Block {
    fn end(&self) -> u64 {
        self.at + self.bytes.len() as u64
    }

    fn holds(&self, at: u64, end: u64) -> bool {
        at >= self.at && end <= self.end()
    }

    fn continued_by(&self, at: u64) -> bool {
        at == self.end() || at == self.last_end
    }
}

/// The most sequences of records read at once that keep a block each: more than the threads
/// of a run, so that a record read out of order (another year's report) seldom takes the
/// block of a sequence.
const STREAMS: usize = 8;

/// The most bytes read from the spill file at once (and kept): about sixty records.
const READ_AHEAD: usize = 64 * 1024;

/// The buffer's size at which it goes to the file.
const BUFFER: usize = 64 * 1024;

impl Store {
    /// A store that writes the facts to a new spill file.
    pub(super) fn spilled() -> io::Result<Store> {
        Ok(Store {
            spill: Some(Spill {
                file: SpillFile::create("cross")?,
                written: 0,
                pending: Vec::with_capacity(BUFFER),
                writable: true,
                ahead: Mutex::default(),
            }),
        })
    }

    /// Keeps a report's facts; what its slot keeps is left out of a spilled record.
    pub(super) fn put(&mut self, facts: ReportFacts) -> Body {
        let Some(spill) = &mut self.spill else {
            return Body::Here(Arc::new(facts));
        };
        let start = spill.pending.len();
        encode(&facts, &mut spill.pending);
        let at = spill.written + start as u64;
        let len = spill.pending.len() - start;
        let Ok(len) = u32::try_from(len) else {
            // A record of 4 GiB cannot come from one report's facts; kept in memory anyway.
            spill.pending.truncate(start);
            return Body::Here(Arc::new(facts));
        };
        if spill.pending.len() >= BUFFER {
            spill.write();
        }
        Body::Spilled { at, len }
    }

    /// For tests of what reading back a lost record does: writes the buffer out, then
    /// empties the file, so that every record read back from now on fails.
    #[cfg(test)]
    pub(super) fn lose_records(&mut self) -> io::Result<()> {
        let spill = self.spill.as_mut().ok_or_else(|| bad("no spill file"))?;
        spill.write();
        *spill
            .ahead
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner) = ReadAhead::default();
        spill.file.file().set_len(0)
    }

    /// A report's facts, with its slot's `agency`, `name`, `year` and `modified`.
    pub(super) fn get(&self, slot: &super::Indexed) -> io::Result<Arc<ReportFacts>> {
        let (at, len) = match &slot.body {
            Body::Here(facts) => return Ok(Arc::clone(facts)),
            Body::Spilled { at, len } => (*at, *len as usize),
        };
        let spill = self.spill.as_ref().ok_or_else(|| bad("no spill file"))?;
        let mut facts = if at >= spill.written {
            let start = (at - spill.written) as usize;
            decode(
                spill
                    .pending
                    .get(start..start + len)
                    .ok_or_else(|| bad("record beyond the spill"))?,
            )?
        } else {
            let record = spill
                .ahead
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .read(spill, at, len)?;
            // Decoded once the lock is let go: other threads read their records meanwhile.
            decode(&record)?
        };
        facts.agency = slot.agency.clone();
        facts.name = slot.name.clone();
        facts.year = slot.year;
        facts.modified = slot.modified;
        Ok(Arc::new(facts))
    }
}

impl ReadAhead {
    /// The bytes of the record of `len` bytes at `at` of the file (below `spill.written`): from
    /// a block that holds them; else, when the record is the next of a block's sequence, from a
    /// new block read from it in that block's place; else read alone, its end remembered by the
    /// block used least recently (or a new one), so that the record after it starts a block.
    fn read(&mut self, spill: &Spill, at: u64, len: usize) -> io::Result<Vec<u8>> {
        let end = at + len as u64;
        self.clock += 1;
        let held = self.blocks.iter().position(|b| b.holds(at, end));
        let continued = || {
            self.blocks
                .iter()
                .position(|b| b.continued_by(at))
                .filter(|_| len <= READ_AHEAD)
        };
        let at_block = match held.or_else(continued) {
            Some(i) => i,
            None => {
                let mut bytes = vec![0u8; len];
                self.count_read();
                spill.file.read_exact_at(&mut bytes, at)?;
                let least_used = self.least_used();
                let block = &mut self.blocks[least_used];
                block.last_end = end;
                block.used = self.clock;
                return Ok(bytes);
            }
        };
        if held.is_none() {
            // `end` ≤ `written`: the new block holds the record.
            let size = (spill.written - at).min(READ_AHEAD as u64) as usize;
            self.count_read();
            let block = &mut self.blocks[at_block];
            block.bytes.resize(size, 0);
            block.at = at;
            if let Err(e) = spill.file.read_exact_at(&mut block.bytes, at) {
                block.bytes.clear();
                return Err(e);
            }
        }
        let block = &mut self.blocks[at_block];
        block.last_end = end;
        block.used = self.clock;
        let start = (at - block.at) as usize;
        block
            .bytes
            .get(start..start + len)
            .map(<[u8]>::to_vec)
            .ok_or_else(|| bad("record beyond the spill"))
    }

    /// The index of the block used least recently, a new one while there are fewer than
    /// [`STREAMS`].
    fn least_used(&mut self) -> usize {
        if self.blocks.len() < STREAMS {
            self.blocks.push(Block::default());
            return self.blocks.len() - 1;
        }
        self.blocks
            .iter()
            .enumerate()
            .min_by_key(|(_, b)| b.used)
            .map_or(0, |(i, _)| i)
    }

    fn count_read(&mut self) {
        #[cfg(test)]
        {
            self.reads += 1;
        }
    }
}

impl Spill {
    /// Writes the buffer to the file; on failure, keeps it (and every later record) in memory.
    fn write(&mut self) {
        if !self.writable {
            return;
        }
        // A failed write may leave part of the buffer in the file, past `written`: never read.
        match io::Write::write_all(&mut self.file.file(), &self.pending) {
            Ok(()) => {
                self.written += self.pending.len() as u64;
                self.pending.clear();
            }
            Err(_) => self.writable = false,
        }
    }
}

fn bad(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, format!("cross spill: {what}"))
}

/// Appends a report's facts, less agency, name, year and time, to `out`.
fn encode(facts: &ReportFacts, out: &mut Vec<u8>) {
    out.push(match facts.template {
        None => 0,
        Some(TemplateVersion::V2019) => 1,
        Some(TemplateVersion::V2021) => 2,
    });
    for row in [
        &facts.received,
        &facts.carried_in,
        &facts.carried_over,
        &facts.regulations,
        &facts.normative,
        &facts.table4,
    ] {
        optional(out, row.as_ref(), encode_row);
    }
    // Only the rows of ITEM_ROWS are items: a position fits a byte, and so does their number.
    let items: Vec<(u8, &RowValues)> = facts
        .items
        .iter()
        .filter_map(|(id, row)| {
            let at = ITEM_ROWS.iter().position(|i| i == id)?;
            Some((at as u8, row))
        })
        .collect();
    out.push(items.len() as u8);
    for (at, row) in items {
        out.push(at);
        encode_row(out, row);
    }
    optional(out, facts.tables_hash.as_ref(), |out, hash| {
        out.extend_from_slice(&hash.to_le_bytes())
    });
    optional(out, facts.narrative.as_ref(), |out, sketch| {
        extend_words(out, &sketch.bins);
        out.extend_from_slice(&(sketch.shingles as u64).to_le_bytes());
    });
    optional(out, facts.narrative_lines.as_ref(), |out, (first, last)| {
        out.extend_from_slice(&first.to_le_bytes());
        out.extend_from_slice(&last.to_le_bytes());
    });
    out.extend_from_slice(&(facts.mentions.len() as u32).to_le_bytes());
    for mention in &facts.mentions {
        for text in [&mention.name, &mention.key] {
            out.extend_from_slice(&(text.len() as u32).to_le_bytes());
            out.extend_from_slice(text.as_bytes());
        }
        for word in [mention.line, mention.column, mention.len] {
            out.extend_from_slice(&word.to_le_bytes());
        }
    }
}

fn optional<T>(out: &mut Vec<u8>, value: Option<&T>, write: impl FnOnce(&mut Vec<u8>, &T)) {
    match value {
        None => out.push(0),
        Some(value) => {
            out.push(1);
            write(out, value);
        }
    }
}

fn encode_row(out: &mut Vec<u8>, row: &RowValues) {
    let (words, wide, unreadable) = row.parts();
    // At most 64 columns of two words each.
    out.push(words.len() as u8);
    out.push(u8::from(wide));
    out.extend_from_slice(&unreadable.to_le_bytes());
    out.extend_from_slice(&row.line.to_le_bytes());
    extend_words(out, words);
}

/// Appends little-endian words, made room for at once (a sketch's 128 bins one by one, each
/// with its own test of the room left, cost about twice as much).
fn extend_words(out: &mut Vec<u8>, words: &[u32]) {
    let start = out.len();
    out.resize(start + 4 * words.len(), 0);
    for (bytes, word) in out[start..].chunks_exact_mut(4).zip(words) {
        bytes.copy_from_slice(&word.to_le_bytes());
    }
}

/// Reads a record written by [`encode`] (agency, name, year and time left empty).
fn decode(record: &[u8]) -> io::Result<ReportFacts> {
    let mut input = Reader(record);
    let template = match input.byte()? {
        0 => None,
        1 => Some(TemplateVersion::V2019),
        2 => Some(TemplateVersion::V2021),
        _ => return Err(bad("template")),
    };
    let mut rows = [(); 6].map(|_| None);
    for row in &mut rows {
        *row = input.optional(Reader::row)?;
    }
    let [received, carried_in, carried_over, regulations, normative, table4] = rows;
    let count = input.byte()?;
    let mut items = Vec::with_capacity(usize::from(count));
    for _ in 0..count {
        let id = ITEM_ROWS
            .get(usize::from(input.byte()?))
            .ok_or_else(|| bad("item row"))?;
        items.push((*id, input.row()?));
    }
    let tables_hash = input.optional(Reader::u64)?;
    let narrative = input.optional(|input| {
        let mut bins = [0u32; SKETCH_BINS];
        for (bin, bytes) in bins
            .iter_mut()
            .zip(input.take(4 * SKETCH_BINS)?.chunks_exact(4))
        {
            *bin = word(bytes);
        }
        let shingles = usize::try_from(input.u64()?).map_err(|_| bad("shingles"))?;
        Ok(Sketch { bins, shingles })
    })?;
    let narrative_lines = input.optional(|input| Ok((input.u32()?, input.u32()?)))?;
    let count = input.u32()?;
    let mut mentions = Vec::new();
    for _ in 0..count {
        let name = input.text()?;
        let key = input.text()?;
        let [line, column, len] = [input.u32()?, input.u32()?, input.u32()?];
        mentions.push(Mention {
            name,
            key,
            line,
            column,
            len,
        });
    }
    if !input.0.is_empty() {
        return Err(bad("bytes after the record"));
    }
    Ok(ReportFacts {
        template,
        received,
        carried_in,
        carried_over,
        regulations,
        normative,
        items,
        table4,
        tables_hash,
        narrative,
        narrative_lines,
        mentions,
        ..ReportFacts::default()
    })
}

/// A little-endian word from 4 bytes (`chunks_exact(4)` gives no other length).
fn word(bytes: &[u8]) -> u32 {
    let mut word = [0u8; 4];
    word.copy_from_slice(bytes);
    u32::from_le_bytes(word)
}

/// The bytes of a record not read yet.
struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn take(&mut self, n: usize) -> io::Result<&[u8]> {
        if self.0.len() < n {
            return Err(bad("record cut short"));
        }
        let (taken, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(taken)
    }

    fn array<const N: usize>(&mut self) -> io::Result<[u8; N]> {
        let mut bytes = [0u8; N];
        bytes.copy_from_slice(self.take(N)?);
        Ok(bytes)
    }

    fn byte(&mut self) -> io::Result<u8> {
        Ok(self.array::<1>()?[0])
    }

    fn u32(&mut self) -> io::Result<u32> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    fn u64(&mut self) -> io::Result<u64> {
        Ok(u64::from_le_bytes(self.array()?))
    }

    fn text(&mut self) -> io::Result<String> {
        let len = self.u32()? as usize;
        String::from_utf8(self.take(len)?.to_vec()).map_err(|_| bad("text"))
    }

    fn optional<T>(
        &mut self,
        read: impl FnOnce(&mut Self) -> io::Result<T>,
    ) -> io::Result<Option<T>> {
        match self.byte()? {
            0 => Ok(None),
            1 => read(self).map(Some),
            _ => Err(bad("option")),
        }
    }

    fn row(&mut self) -> io::Result<RowValues> {
        let words = usize::from(self.byte()?);
        let wide = match self.byte()? {
            0 => false,
            1 => true,
            _ => return Err(bad("row width")),
        };
        let unreadable = self.u64()?;
        let line = self.u32()?;
        let words: Box<[u32]> = self.take(4 * words)?.chunks_exact(4).map(word).collect();
        Ok(RowValues::from_parts(words, wide, unreadable, line))
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::report::tables::fixtures;
    use crate::rules::cross::tests::{of, parsed, permits_2019};
    use crate::rules::cross::Indexed;

    /// Facts with every kind of value: rows, 2019 items, a sketch, a name of another agency.
    fn full_facts() -> Vec<ReportFacts> {
        let signed = of("甲县司法局", fixtures::rows()) + "\n乙县民政局\n2024年1月15日";
        [signed, permits_2019()]
            .iter()
            .map(|text| ReportFacts {
                modified: Some(std::time::SystemTime::UNIX_EPOCH),
                ..ReportFacts::of(&parsed(text))
            })
            .collect()
    }

    /// Every fact comes back from the spill as it went in, whether the record was still in
    /// the buffer or in the file.
    #[test]
    fn facts_come_back_from_the_spill_as_they_went_in() {
        let facts = full_facts();
        let (signed, items) = (&facts[0], &facts[1]);
        assert!(signed.narrative.is_some() && signed.table4.is_some() && signed.received.is_some());
        assert!(!signed.mentions.is_empty(), "{:?}", signed.mentions);
        assert!(!items.items.is_empty(), "{:?}", items.items);
        let mut store = Store::spilled().expect("temp folder writable");
        // Enough records to fill the buffer several times.
        let slots: Vec<(Indexed, &ReportFacts)> = (0..400)
            .map(|i| {
                let facts = &facts[i % 2];
                let path = Arc::from(Path::new("x.txt"));
                (Indexed::new(path, facts.clone(), None, &mut store), facts)
            })
            .collect();
        let spill = store.spill.as_ref().expect("spilled");
        assert!(spill.written > 0 && !spill.pending.is_empty());
        for (slot, facts) in &slots {
            let back = store.get(slot).expect("read back");
            assert_eq!(format!("{back:?}"), format!("{facts:?}"));
        }
    }

    /// A spill store of `count` reports, the two of `facts` in turn, with each slot and which
    /// of `facts` it holds.
    fn spilled_slots(facts: &[ReportFacts], count: usize) -> (Store, Vec<(Indexed, usize)>) {
        let mut store = Store::spilled().expect("temp folder writable");
        let slots = (0..count)
            .map(|i| {
                let path = Arc::from(Path::new("x.txt"));
                let which = i % facts.len();
                let slot = Indexed::new(path, facts[which].clone(), None, &mut store);
                (slot, which)
            })
            .collect();
        (store, slots)
    }

    /// Records read back in the order they were written are read a block at a time, and one
    /// read out of that order (another year's report) is read alone, leaving the block for the
    /// next in order; every record comes back as it went in.
    #[test]
    fn records_read_in_order_are_read_a_block_at_a_time() {
        let facts = full_facts();
        let (store, slots) = spilled_slots(&facts, 600);
        let spill = store.spill.as_ref().expect("spilled");
        let in_file = slots
            .iter()
            .filter(|(slot, _)| matches!(slot.body, Body::Spilled { at, .. } if at < spill.written))
            .count();
        assert!(in_file > 300, "{in_file} records in the file");
        let reads = || spill.ahead.lock().expect("not poisoned").reads;
        let mut out_of_order = 0;
        for (i, (slot, which)) in slots.iter().enumerate() {
            let back = store.get(slot).expect("read back");
            assert_eq!(format!("{back:?}"), format!("{:?}", facts[*which]));
            // Now and then, a record written long before.
            if i % 7 == 6 && i >= 100 {
                let (earlier, which) = &slots[i - 100];
                let back = store.get(earlier).expect("read back");
                assert_eq!(format!("{back:?}"), format!("{:?}", facts[*which]));
                out_of_order += 1;
            }
        }
        // A block ends short of READ_AHEAD by a part of a record: at most twice as many
        // blocks as READ_AHEAD's in the file (a record is far smaller than a block).
        let blocks = 2 * (spill.written as usize / READ_AHEAD + 1);
        assert!(
            reads() <= blocks + out_of_order,
            "{} reads for {in_file} records in order ({blocks} blocks) and {out_of_order} out of it",
            reads()
        );
    }

    /// Two threads judging two stretches of a run's reports read two sequences of records
    /// turn about: each keeps a block of its own, so both are still read a block at a time
    /// (with one block for all, every record of both was read alone).
    #[test]
    fn two_sequences_read_turn_about_keep_a_block_each() {
        let facts = full_facts();
        let (store, slots) = spilled_slots(&facts, 600);
        let spill = store.spill.as_ref().expect("spilled");
        let in_file =
            |slot: &Indexed| matches!(slot.body, Body::Spilled { at, .. } if at < spill.written);
        let (first, second) = slots.split_at(250);
        assert!(first
            .iter()
            .chain(&second[..250])
            .all(|(slot, _)| in_file(slot)));
        for ((a, which_a), (b, which_b)) in first.iter().zip(second) {
            for (slot, which) in [(a, which_a), (b, which_b)] {
                let back = store.get(slot).expect("read back");
                assert_eq!(format!("{back:?}"), format!("{:?}", facts[*which]));
            }
        }
        let reads = spill.ahead.lock().expect("not poisoned").reads;
        // Each sequence: its first record alone, then blocks (see the test above for the bound).
        let blocks = 2 * (spill.written as usize / READ_AHEAD + 1);
        assert!(
            reads <= 2 + 2 * blocks,
            "{reads} reads for 500 records, {blocks} blocks"
        );
    }

    /// A spill file that cannot be written any more (here: opened again read-only, as a full
    /// disk refuses writes) keeps the records written before and every later one in memory.
    #[test]
    fn records_after_a_failed_write_stay_in_memory() {
        let facts = full_facts();
        let mut store = Store::spilled().expect("temp folder writable");
        let path: Arc<Path> = Arc::from(Path::new("x.txt"));
        let mut slots = Vec::new();
        let mut put = |store: &mut Store, n: usize| {
            for i in 0..n {
                slots.push((
                    Indexed::new(Arc::clone(&path), facts[i % 2].clone(), None, store),
                    i % 2,
                ));
            }
        };
        put(&mut store, 200);
        let spill = store.spill.as_mut().expect("spilled");
        let written = spill.written;
        assert!(written > 0);
        spill.file = spill.file.reopened_read_only().expect("reopen");
        put(&mut store, 200);
        let spill = store.spill.as_ref().expect("spilled");
        assert!(!spill.writable);
        assert_eq!(spill.written, written);
        for (slot, which) in &slots {
            let back = store.get(slot).expect("read back");
            assert_eq!(format!("{back:?}"), format!("{:?}", facts[*which]));
        }
    }

    #[test]
    fn a_damaged_record_is_an_error_not_other_facts() {
        let mut record = Vec::new();
        encode(&full_facts()[0], &mut record);
        assert!(decode(&record).is_ok());
        assert!(decode(&record[..record.len() - 1]).is_err());
        record.push(0);
        assert!(decode(&record).is_err());
        record.pop();
        record[0] = 9;
        assert!(decode(&record).is_err());
    }
}
