//! Writing check results as they come, in every format: each report is written, through a
//! buffer, when the check hands it on, and what closes the output (the text summary, the end of
//! the json document with its summary, the end of the SARIF log) at the end, so a run holds a
//! window of reports rather than the whole run. `json` and `sarif` are one pretty-printed
//! document, written in pieces that make exactly the text of the whole ([`super::pretty`]).
//!
//! The cross-report rules can only judge a report once every report has been read, and their
//! flags join the report's own in text order. When they are enabled, each report's own flags
//! are written, already formatted, to a spill file in the temporary folder with their place
//! (line, column) and severity, after what the format writes ahead of them (the text heading,
//! the json report's keys); at the end each report's lines are read back in order, its cross
//! flags are formatted and merged in at their place, and the result is written. What stays in
//! memory per report is its path; the rest waits in the spill file with its flags.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde_json::{json, Value};

use super::pretty::{self, Array, Find};
use super::{
    counts_json, flag_json, sarif, write_jsonl_flag, write_text_flag, write_text_head,
    write_text_summary, Format, Tally, TextStyle,
};
use crate::export::{self, ExportFormat, ExportOptions, StatusFilter};
use crate::flag::{Flag, Severity};
use crate::pipeline::CheckedReport;
use crate::rules::RuleMeta;
use crate::schema::SCHEMA_VERSION;
use crate::spill::SpillFile;

/// Writes reports as they are checked (see the module documentation).
pub struct Streamer<W: Write> {
    out: BufWriter<W>,
    format: Format,
    style: TextStyle,
    tally: Tally,
    spill: Option<Spill>,
    /// The array written across reports: json's reports, sarif's results.
    top: Array,
    /// What closes a json report after its keys (see [`JsonReport`]).
    json: Option<JsonReport>,
    /// Formats one flag.
    flags: FlagFormat,
    /// What the format writes ahead of a report's flags (reused).
    head: Vec<u8>,
    /// The formatted text of one flag (reused).
    line: Vec<u8>,
}

/// The reports' own flags, formatted, waiting for the cross-report flags.
struct Spill {
    /// Kept for its removal when the run ends.
    _spilled: SpillFile,
    file: BufWriter<File>,
    /// The number of reports spilled (all that the output says of each is in the file: see
    /// [`Held`]).
    reports: usize,
}

impl Spill {
    /// A new spill file in the temporary folder, only for this process.
    fn create() -> io::Result<Spill> {
        let spilled = SpillFile::create("check")?;
        let file = spilled.file().try_clone()?;
        Ok(Spill {
            _spilled: spilled,
            file: BufWriter::with_capacity(BUFFER, file),
            reports: 0,
        })
    }
}

/// What the output says of a spilled report besides its flags: its path, agency and year (in
/// the lines of its cross flags), what the format writes ahead of its flags, already
/// formatted, and how many flags follow it in the spill file. Written to the file ahead of the
/// report's flags rather than kept in memory: a run of 100,000 reports held about 100 bytes of
/// it per report, and then its path, about 80 more.
struct Held {
    path: PathBuf,
    agency: Option<String>,
    year: Option<i32>,
    head: Vec<u8>,
    flags: u32,
}

/// The length written for a report without an agency.
const NO_AGENCY: u32 = u32::MAX;

impl Held {
    fn write(report: &CheckedReport, head: &[u8], out: &mut impl Write) -> io::Result<()> {
        let agency = report.agency.as_deref().map(str::as_bytes);
        let agency_len = match agency {
            Some(bytes) => u32::try_from(bytes.len())
                .ok()
                .filter(|len| *len != NO_AGENCY)
                .ok_or_else(|| io::Error::other("agency name too long"))?,
            None => NO_AGENCY,
        };
        let flags = u32::try_from(report.flags.len()).map_err(io::Error::other)?;
        let head_len = u32::try_from(head.len()).map_err(io::Error::other)?;
        let path = path_bytes(&report.path);
        let path_len = u32::try_from(path.len()).map_err(io::Error::other)?;
        out.write_all(&[u8::from(report.year.is_some())])?;
        out.write_all(&report.year.unwrap_or(0).to_le_bytes())?;
        for word in [flags, head_len, agency_len, path_len] {
            out.write_all(&word.to_le_bytes())?;
        }
        out.write_all(head)?;
        out.write_all(agency.unwrap_or_default())?;
        out.write_all(&path)
    }

    fn read(input: &mut impl Read) -> io::Result<Held> {
        let mut has_year = [0u8; 1];
        input.read_exact(&mut has_year)?;
        let year = i32::from_le_bytes(read_word(input)?);
        let [flags, head_len, agency_len, path_len] = [(); 4].map(|_| read_word(input));
        let head = read_bytes(input, u32::from_le_bytes(head_len?))?;
        let agency = match u32::from_le_bytes(agency_len?) {
            NO_AGENCY => None,
            len => Some(String::from_utf8(read_bytes(input, len)?).map_err(io::Error::other)?),
        };
        let path = path_from(read_bytes(input, u32::from_le_bytes(path_len?))?)?;
        Ok(Held {
            path,
            agency,
            year: (has_year[0] == 1).then_some(year),
            head,
            flags: u32::from_le_bytes(flags?),
        })
    }

    /// The report again, without its flags, for the writers of its cross flags.
    fn report(&mut self) -> CheckedReport {
        CheckedReport {
            path: std::mem::take(&mut self.path),
            file: String::new(),
            agency: self.agency.clone(),
            year: self.year,
            template: None,
            summary: Default::default(),
            flags: Vec::new(),
        }
    }
}

/// A path as the bytes of its OS string, for the spill file, and back: no path changes on the
/// way (a lossy conversion would not find a non-UTF-8 path's cross flags).
#[cfg(unix)]
fn path_bytes(path: &Path) -> std::borrow::Cow<'_, [u8]> {
    use std::os::unix::ffi::OsStrExt;
    std::borrow::Cow::Borrowed(path.as_os_str().as_bytes())
}

#[cfg(unix)]
fn path_from(bytes: Vec<u8>) -> io::Result<PathBuf> {
    use std::os::unix::ffi::OsStringExt;
    Ok(PathBuf::from(std::ffi::OsString::from_vec(bytes)))
}

#[cfg(windows)]
fn path_bytes(path: &Path) -> std::borrow::Cow<'_, [u8]> {
    use std::os::windows::ffi::OsStrExt;
    let wide = path.as_os_str().encode_wide();
    std::borrow::Cow::Owned(wide.flat_map(u16::to_le_bytes).collect())
}

#[cfg(windows)]
fn path_from(bytes: Vec<u8>) -> io::Result<PathBuf> {
    use std::os::windows::ffi::OsStringExt;
    let wide: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
        .collect();
    Ok(PathBuf::from(std::ffi::OsString::from_wide(&wide)))
}

/// Four bytes of the spill file.
fn read_word(input: &mut impl Read) -> io::Result<[u8; 4]> {
    let mut word = [0u8; 4];
    input.read_exact(&mut word)?;
    Ok(word)
}

/// `len` bytes of the spill file.
fn read_bytes(input: &mut impl Read, len: u32) -> io::Result<Vec<u8>> {
    let mut bytes = vec![0; len as usize];
    input.read_exact(&mut bytes)?;
    Ok(bytes)
}

/// A report's own flag, formatted, with what the merge and the counts need of it.
struct Own {
    place: (u32, u32),
    severity: Severity,
    bytes: Vec<u8>,
}

impl Own {
    /// The next flag of a spilled report, as written after its [`Held`].
    fn read(input: &mut impl Read) -> io::Result<Own> {
        let mut severity = [0u8; 1];
        input.read_exact(&mut severity)?;
        let [line, column, len] = [(); 3].map(|_| read_word(input));
        let [line, column, len] = [line?, column?, len?].map(u32::from_le_bytes);
        Ok(Own {
            place: (line, column),
            severity: severity_of(severity[0])?,
            bytes: read_bytes(input, len)?,
        })
    }
}

/// A flag's severity as one byte of the spill file, and back.
fn severity_byte(severity: Severity) -> u8 {
    Severity::ALL
        .iter()
        .position(|s| *s == severity)
        .map_or(0, |slot| slot as u8)
}

fn severity_of(byte: u8) -> io::Result<Severity> {
    Severity::ALL
        .get(usize::from(byte))
        .copied()
        .ok_or_else(|| io::Error::other("bad severity in the spill file"))
}

/// The size of the output and spill buffers: a few flags' lines go out in one write.
const BUFFER: usize = 64 * 1024;

/// Spilled reports read back and judged at a time: enough to keep every thread busy, few
/// enough that their formatted flags are little memory (a report of the seeds' ten flags holds
/// about 3 KB).
const JUDGED_TOGETHER: usize = 1024;

/// The fewest reports of a batch one thread judges in a row: the cross index reads their facts
/// back in the order they were spilled, a block of about sixty at a time
/// (`rules::cross::store`), which a thread keeps using only while it judges neighbours.
const JUDGED_IN_A_ROW: usize = 64;

/// Where a flag goes among a report's flags (see [`crate::rules::sort_flags`]).
fn place(flag: &Flag) -> (u32, u32) {
    (
        flag.location.line.unwrap_or(0),
        flag.location.column.unwrap_or(0),
    )
}

/// The depths in the json document: its reports array, and a report's flags array.
const JSON_REPORTS_DEPTH: usize = 1;
const JSON_FLAGS_DEPTH: usize = 3;

/// A json report is written as its keys up to `counts` (formatted per report, spilled with it),
/// the counts, then these constant pieces around the flags array.
struct JsonReport {
    /// From after the counts to the flags array.
    between: String,
    /// From after the flags array to the end of the report.
    end: String,
}

/// A json report's object with placeholders for its counts and flags (see [`pretty::split`]).
fn json_report_template(report: &CheckedReport) -> Value {
    json!({
        "path": report.path.to_string_lossy(),
        "agency": report.agency,
        "year": report.year,
        "template": report.template,
        "parse": report.summary,
        "counts": pretty::placeholder("counts"),
        "flags": pretty::placeholder("flags"),
    })
}

/// The json document with a placeholder for its reports.
fn json_document(tally: &Tally, skipped: &[PathBuf]) -> Value {
    json!({
        "schema_version": SCHEMA_VERSION,
        "reports": pretty::placeholder("reports"),
        "summary": {
            "reports": tally.reports,
            "error": tally.totals[0],
            "warning": tally.totals[1],
            "info": tally.totals[2],
            "unread": tally.unread,
            "skipped": skipped.iter().map(|p| p.to_string_lossy()).collect::<Vec<_>>(),
        },
    })
}

impl<W: Write> Streamer<W> {
    /// A writer of `format`; with `cross`, the reports wait in a spill file for their
    /// cross-report flags. Writes what opens the output (the json and sarif documents' start,
    /// the CSV header).
    pub fn new(out: W, format: Format, style: TextStyle, cross: bool) -> io::Result<Streamer<W>> {
        let mut streamer = Streamer {
            out: BufWriter::with_capacity(BUFFER, out),
            format,
            style,
            tally: Tally::default(),
            spill: if cross { Some(Spill::create()?) } else { None },
            top: Array::new(match format {
                Format::Sarif => sarif::RESULTS_DEPTH,
                _ => JSON_REPORTS_DEPTH,
            }),
            json: None,
            flags: FlagFormat {
                format,
                style,
                csv: None,
                metas: Vec::new(),
            },
            head: Vec::new(),
            line: Vec::new(),
        };
        match format {
            Format::Json => {
                let (start, _) = pretty::split(
                    &json_document(&Tally::default(), &[]),
                    0,
                    "reports",
                    Find::First,
                )?;
                streamer.out.write_all(start.as_bytes())?;
                // The keys after the counts, as they end every report.
                let template = json!({
                    "counts": pretty::placeholder("counts"),
                    "flags": pretty::placeholder("flags"),
                });
                let (_, rest) = pretty::split(&template, 2, "counts", Find::Last)?;
                let (between, end) = pretty::split_text(&rest, "flags", Find::Last)?;
                streamer.json = Some(JsonReport { between, end });
            }
            Format::Sarif => {
                let log = sarif::log(pretty::placeholder("results"), style.lang);
                let (start, _) = pretty::split(&log, 0, "results", Find::Last)?;
                streamer.out.write_all(start.as_bytes())?;
                streamer.flags.metas = crate::rules::catalogue::metas().collect();
            }
            Format::Csv => {
                let options = ExportOptions {
                    status: StatusFilter::All,
                    lang: style.lang,
                    utc_offset: chrono::Offset::fix(&chrono::Utc),
                    ..ExportOptions::new(ExportFormat::Csv)
                };
                let rows = export::csv::Rows::new(&options);
                let mut header = Vec::new();
                rows.header(&mut header).map_err(io::Error::other)?;
                streamer.out.write_all(&header)?;
                streamer.flags.csv = Some(rows);
            }
            Format::Text | Format::Jsonl => {}
        }
        Ok(streamer)
    }

    /// Writes one checked report, or spills it until [`Streamer::finish`].
    pub fn report(&mut self, report: CheckedReport) -> io::Result<()> {
        self.report_ref(&report)
    }

    /// [`Streamer::report`] of a report that stays the caller's.
    pub fn report_ref(&mut self, report: &CheckedReport) -> io::Result<()> {
        for flag in &report.flags {
            self.tally.flag(flag);
        }
        let mut head = std::mem::take(&mut self.head);
        head.clear();
        self.format_head(report, &mut head)?;
        let written = self.report_with_head(report, &head);
        self.head = head;
        written
    }

    fn report_with_head(&mut self, report: &CheckedReport, head: &[u8]) -> io::Result<()> {
        if self.spill.is_none() {
            self.tally.report(!report.flags.is_empty());
            return self.write_report(report, head, &[], &[]);
        }
        let mut line = std::mem::take(&mut self.line);
        let mut spilled = || -> io::Result<()> {
            let Some(spill) = &mut self.spill else {
                return Ok(());
            };
            Held::write(report, head, &mut spill.file)?;
            for flag in &report.flags {
                line.clear();
                self.flags.format(&mut line, report, flag)?;
                let (at, column) = place(flag);
                let len = u32::try_from(line.len()).map_err(io::Error::other)?;
                spill.file.write_all(&[severity_byte(flag.severity)])?;
                for word in [at, column, len] {
                    spill.file.write_all(&word.to_le_bytes())?;
                }
                spill.file.write_all(&line)?;
            }
            spill.reports += 1;
            Ok(())
        };
        let written = spilled();
        self.line = line;
        written
    }

    /// What the format writes ahead of a report's flags: the text heading, the json report's
    /// keys up to its counts.
    fn format_head(&self, report: &CheckedReport, head: &mut Vec<u8>) -> io::Result<()> {
        match self.format {
            Format::Text => write_text_head(head, report, self.style),
            Format::Json => {
                let template = json_report_template(report);
                let (start, _) = pretty::split(&template, 2, "counts", Find::Last)?;
                head.extend_from_slice(start.as_bytes());
                Ok(())
            }
            Format::Jsonl | Format::Csv | Format::Sarif => Ok(()),
        }
    }

    /// Writes the reports that waited for their cross-report flags (`cross` gives a report's
    /// in text order), then what closes the output. Returns whether any report has an
    /// error-level flag.
    pub fn finish(
        &mut self,
        skipped: &[PathBuf],
        cross: impl Fn(&Path) -> io::Result<Vec<Flag>> + Sync,
    ) -> io::Result<bool> {
        if let Some(spill) = self.spill.take() {
            self.merge(spill, &cross)?;
        }
        match self.format {
            Format::Text => {
                write_text_summary(&mut self.out, &self.tally, skipped, self.style.lang)?;
            }
            Format::Json => {
                let document = json_document(&self.tally, skipped);
                let (_, end) = pretty::split(&document, 0, "reports", Find::First)?;
                self.top.close(&mut self.out)?;
                writeln!(self.out, "{end}")?;
            }
            Format::Sarif => {
                let log = sarif::log(pretty::placeholder("results"), self.style.lang);
                let (_, end) = pretty::split(&log, 0, "results", Find::Last)?;
                self.top.close(&mut self.out)?;
                writeln!(self.out, "{end}")?;
            }
            Format::Jsonl | Format::Csv => {}
        }
        self.out.flush()?;
        Ok(self.any_error())
    }

    /// Whether a report written so far has an error-level flag.
    pub fn any_error(&self) -> bool {
        self.tally.any(Severity::Error)
    }

    /// Reads the spilled reports back in order and writes each with its cross flags. The
    /// cross flags of [`JUDGED_TOGETHER`] reports at a time are found in parallel (judging is
    /// most of this step, and it reads the index only), then the reports are written in order.
    fn merge(
        &mut self,
        mut spill: Spill,
        cross: &(impl Fn(&Path) -> io::Result<Vec<Flag>> + Sync),
    ) -> io::Result<()> {
        spill.file.flush()?;
        let mut file = spill.file.get_ref().try_clone()?;
        file.seek(SeekFrom::Start(0))?;
        let mut input = BufReader::with_capacity(BUFFER, file);
        let mut batch: Vec<(CheckedReport, Held, Vec<Own>)> = Vec::new();
        let mut left = spill.reports;
        while left > 0 {
            let count = left.min(JUDGED_TOGETHER);
            left -= count;
            batch.clear();
            for _ in 0..count {
                let mut held = Held::read(&mut input)?;
                let own = (0..held.flags)
                    .map(|_| Own::read(&mut input))
                    .collect::<io::Result<Vec<Own>>>()?;
                batch.push((held.report(), held, own));
            }
            let crosses: Vec<io::Result<Vec<Flag>>> = batch
                .par_iter()
                .with_min_len(JUDGED_IN_A_ROW)
                .map(|(report, _, _)| cross(&report.path))
                .collect();
            for ((report, held, own), cross) in batch.iter().zip(crosses) {
                // The reports before a failure are written, as when they were judged one by one.
                let cross = cross?;
                for flag in &cross {
                    self.tally.flag(flag);
                }
                self.tally.report(held.flags > 0 || !cross.is_empty());
                self.write_report(report, &held.head, own, &cross)?;
            }
        }
        Ok(())
    }

    /// Writes one report: `head`, then its flags: those still in the report, those formatted
    /// already (`own`, with their places), and `cross`, merged in at their places. A report
    /// without flags is written only in json, which lists every report.
    fn write_report(
        &mut self,
        report: &CheckedReport,
        head: &[u8],
        own: &[Own],
        cross: &[Flag],
    ) -> io::Result<()> {
        let flagged = !report.flags.is_empty() || !own.is_empty() || !cross.is_empty();
        if !flagged && self.format != Format::Json {
            return Ok(());
        }
        if self.format == Format::Json {
            self.top.element(&mut self.out)?;
            self.out.write_all(head)?;
            let mut counts = [0usize; 3];
            let severities = report.flags.iter().map(|f| f.severity);
            let severities = severities
                .chain(own.iter().map(|o| o.severity))
                .chain(cross.iter().map(|f| f.severity));
            for severity in severities {
                counts[usize::from(severity_byte(severity))] += 1;
            }
            let counts = pretty::at_depth(&counts_json(counts), JSON_FLAGS_DEPTH)?;
            self.out.write_all(counts.as_bytes())?;
            if let Some(json) = &self.json {
                self.out.write_all(json.between.as_bytes())?;
            }
        } else {
            self.out.write_all(head)?;
        }
        let mut flags = Array::new(JSON_FLAGS_DEPTH);
        for flag in &report.flags {
            self.write_flag(report, Item::Flag(flag), &mut flags)?;
        }
        // The report's own flags come first among flags at the same place, as the stable sort
        // of `check_run` puts them.
        let mut cross = cross.iter().peekable();
        for flag in own {
            while let Some(early) = cross.next_if(|early| place(early) < flag.place) {
                self.write_flag(report, Item::Flag(early), &mut flags)?;
            }
            self.write_flag(report, Item::Formatted(&flag.bytes), &mut flags)?;
        }
        for flag in cross {
            self.write_flag(report, Item::Flag(flag), &mut flags)?;
        }
        match self.format {
            Format::Text => writeln!(self.out),
            Format::Json => {
                flags.close(&mut self.out)?;
                match &self.json {
                    Some(json) => self.out.write_all(json.end.as_bytes()),
                    None => Ok(()),
                }
            }
            Format::Jsonl | Format::Csv | Format::Sarif => Ok(()),
        }
    }

    /// Writes one flag of a report (`flags`: the report's flags array in json).
    fn write_flag(
        &mut self,
        report: &CheckedReport,
        item: Item<'_>,
        flags: &mut Array,
    ) -> io::Result<()> {
        let bytes = match item {
            Item::Formatted(bytes) => bytes,
            Item::Flag(flag) => {
                self.line.clear();
                self.flags.format(&mut self.line, report, flag)?;
                &self.line[..]
            }
        };
        match self.format {
            Format::Json => flags.element(&mut self.out)?,
            Format::Sarif => self.top.element(&mut self.out)?,
            Format::Text | Format::Jsonl | Format::Csv => {}
        }
        self.out.write_all(bytes)
    }
}

/// A flag to write: formatted already (spilled), or not yet.
enum Item<'a> {
    Formatted(&'a [u8]),
    Flag(&'a Flag),
}

/// Formats one flag as it stands in the output (json and sarif: at its depth, without what
/// separates it from the one before).
struct FlagFormat {
    format: Format,
    style: TextStyle,
    /// The CSV writer of the flag rows (`csv` only).
    csv: Option<export::csv::Rows>,
    /// The rule catalogue, which sarif's results point into (`sarif` only).
    metas: Vec<&'static RuleMeta>,
}

impl FlagFormat {
    fn format(&mut self, out: &mut Vec<u8>, report: &CheckedReport, flag: &Flag) -> io::Result<()> {
        let lang = self.style.lang;
        match self.format {
            Format::Text => write_text_flag(out, flag, self.style),
            Format::Jsonl => write_jsonl_flag(out, report, flag, lang),
            Format::Json => {
                let mut value = flag_json(report, flag, lang);
                if let Some(object) = value.as_object_mut() {
                    object.remove("path");
                    object.remove("agency");
                    object.remove("year");
                }
                let text = pretty::at_depth(&value, JSON_FLAGS_DEPTH + 1)?;
                out.extend_from_slice(text.as_bytes());
                Ok(())
            }
            Format::Sarif => {
                let value = sarif::result_json(report, flag, &self.metas, lang);
                let text = pretty::at_depth(&value, sarif::RESULTS_DEPTH + 1)?;
                out.extend_from_slice(text.as_bytes());
                Ok(())
            }
            Format::Csv => {
                let Some(rows) = &self.csv else {
                    return Err(io::Error::other("csv writer missing"));
                };
                let row = crate::triage::unreviewed_row(report, flag);
                rows.row(&row, out).map_err(io::Error::other)?;
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::check::output::write;
    use crate::flag::{Evidence, Fingerprint, Location};
    use crate::i18n::{Lang, Localized};
    use crate::pipeline::ParseSummary;
    use crate::rules::sort_flags;

    fn flag(code: &'static str, severity: Severity, line: Option<u32>, column: u32) -> Flag {
        let location = match line {
            Some(line) => Location::span(line, column, 1),
            None => Location::default(),
        };
        Flag {
            code,
            severity,
            location,
            message: Localized::new(format!("{code} 于 {line:?}"), format!("{code} at {line:?}"))
                .into(),
            evidence: Evidence::new(),
            fingerprint: Fingerprint(u64::from(line.unwrap_or(0)) * 31 + u64::from(column)),
            legacy_fingerprint: None,
        }
    }

    fn report(name: &str, flags: Vec<Flag>) -> CheckedReport {
        CheckedReport {
            path: PathBuf::from(format!("inbox/{name}.txt")),
            file: format!("{name}.txt"),
            agency: Some("某县司法局".to_string()),
            year: Some(2023),
            template: None,
            summary: ParseSummary {
                lines: 40,
                ..ParseSummary::default()
            },
            flags,
        }
    }

    /// Reports with their own flags (in text order), and the cross flags of each.
    fn run() -> Vec<(CheckedReport, Vec<Flag>)> {
        let own = vec![
            flag("title-form", Severity::Warning, None, 0),
            flag("period-reversed", Severity::Error, Some(3), 5),
            flag("typo", Severity::Info, Some(9), 1),
        ];
        // Before, between, at the same place as and after the report's own flags.
        let cross = vec![
            flag("duplicate-report", Severity::Warning, None, 0),
            flag("year-on-year-jump", Severity::Info, Some(3), 5),
            flag("copied-from-peer", Severity::Warning, Some(7), 2),
            flag("correction-rate-high", Severity::Info, Some(20), 1),
        ];
        // A report whose agency and year were not found: its heading says so after the spill.
        let mut unnamed = report("e", own[1..].to_vec());
        unnamed.agency = None;
        unnamed.year = None;
        vec![
            (report("a", own.clone()), cross.clone()),
            (report("b", Vec::new()), Vec::new()),
            (report("c", Vec::new()), cross[1..2].to_vec()),
            (report("d", own), Vec::new()),
            (unnamed, cross[..1].to_vec()),
        ]
    }

    fn streamed(format: Format, lang: Lang, cross: bool) -> String {
        let style = TextStyle { lang, color: false };
        let mut out = Vec::new();
        let mut streamer = Streamer::new(&mut out, format, style, cross).expect("spill file");
        let run = run();
        for (report, _) in &run {
            streamer.report(report.clone()).expect("writes");
        }
        let skipped = [PathBuf::from("inbox/notes.md")];
        let cross_of = |path: &Path| {
            let found = run.iter().find(|(r, _)| r.path == path);
            Ok(found
                .filter(|_| cross)
                .map(|(_, c)| c.clone())
                .unwrap_or_default())
        };
        streamer.finish(&skipped, cross_of).expect("writes");
        drop(streamer);
        String::from_utf8(out).expect("utf-8")
    }

    fn batch(format: Format, lang: Lang, cross: bool) -> String {
        let reports: Vec<CheckedReport> = run()
            .into_iter()
            .map(|(mut report, flags)| {
                if cross {
                    report.flags.extend(flags);
                    sort_flags(&mut report.flags);
                }
                report
            })
            .collect();
        let mut out = Vec::new();
        let skipped = [PathBuf::from("inbox/notes.md")];
        let style = TextStyle { lang, color: false };
        write(&mut out, &reports, &skipped, format, style).expect("writes");
        String::from_utf8(out).expect("utf-8")
    }

    const FORMATS: [Format; 5] = [
        Format::Jsonl,
        Format::Text,
        Format::Json,
        Format::Csv,
        Format::Sarif,
    ];

    /// The documents written in pieces are what serde_json pretty-prints for their value: the
    /// reports, their flags and the summary each where the whole document puts them.
    #[test]
    fn json_and_sarif_written_in_pieces_are_one_pretty_document() {
        for format in [Format::Json, Format::Sarif] {
            for cross in [false, true] {
                let text = streamed(format, Lang::En, cross);
                let value: Value = serde_json::from_str(&text).expect("valid JSON");
                let whole = serde_json::to_string_pretty(&value).expect("renders");
                assert_eq!(text, format!("{whole}\n"), "{format:?} cross {cross}");
            }
        }
        let json: Value =
            serde_json::from_str(&streamed(Format::Json, Lang::En, true)).expect("JSON");
        let reports = json["reports"].as_array().expect("reports");
        assert_eq!(reports.len(), 5, "every report, flagged or not");
        assert_eq!(reports[1]["flags"], json!([]));
        assert_eq!(
            reports[2]["counts"],
            json!({"error": 0, "warning": 0, "info": 1})
        );
        assert_eq!(json["summary"]["reports"], 5);
        assert_eq!(json["summary"]["error"], 3);
        let sarif: Value =
            serde_json::from_str(&streamed(Format::Sarif, Lang::En, true)).expect("JSON");
        let results = sarif["runs"][0]["results"].as_array().expect("results");
        assert_eq!(results.len(), 14);
        assert_eq!(results[1]["ruleId"], "duplicate-report");
    }

    /// The spill file gives each report's path back as it was: a name that is not UTF-8 still
    /// finds its cross flags.
    #[cfg(unix)]
    #[test]
    fn a_path_that_is_not_utf8_keeps_its_cross_flags() {
        use std::os::unix::ffi::OsStringExt;
        let odd = PathBuf::from(std::ffi::OsString::from_vec(b"inbox/\xff\xfe.txt".to_vec()));
        let mut report = report("x", Vec::new());
        report.path = odd.clone();
        let style = TextStyle {
            lang: Lang::En,
            color: false,
        };
        let mut out = Vec::new();
        let mut streamer = Streamer::new(&mut out, Format::Jsonl, style, true).expect("spill");
        streamer.report(report).expect("writes");
        let cross = |path: &Path| {
            Ok(match path == odd {
                true => vec![flag("duplicate-report", Severity::Warning, None, 0)],
                false => Vec::new(),
            })
        };
        streamer.finish(&[], cross).expect("writes");
        drop(streamer);
        let text = String::from_utf8(out).expect("utf-8");
        assert!(text.contains("duplicate-report"), "{text}");
        assert!(text.contains("inbox/\u{fffd}\u{fffd}.txt"), "{text}");
    }

    #[test]
    fn streamed_output_is_the_output_of_the_whole_run() {
        for format in FORMATS {
            for lang in [Lang::Zh, Lang::En] {
                for cross in [false, true] {
                    let streamed = streamed(format, lang, cross);
                    assert_eq!(
                        streamed,
                        batch(format, lang, cross),
                        "{format:?} cross {cross}"
                    );
                }
            }
        }
        // The merge was exercised: a cross flag sits between the report's own.
        let text = streamed(Format::Text, Lang::En, true);
        let codes: Vec<&str> = text
            .lines()
            .skip(1)
            .take(7)
            .filter_map(|line| line.split_whitespace().nth(2))
            .collect();
        assert_eq!(
            codes,
            [
                "title-form",
                "duplicate-report",
                "period-reversed",
                "year-on-year-jump",
                "copied-from-peer",
                "typo",
                "correction-rate-high"
            ],
            "{text}"
        );
    }
}
