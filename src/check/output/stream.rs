//! Writing check results as they come (`jsonl` and `text`): each report is written, through a
//! buffer, when the check hands it on, and the text summary at the end, so a run holds a window
//! of reports rather than the whole run.
//!
//! The cross-report rules can only judge a report once every report has been read, and their
//! flags join the report's own in text order. When they are enabled, each report's own flags
//! are written, already formatted, to a spill file in the temporary folder with their place
//! (line, column); at the end each report's lines are read back in order, its cross flags are
//! formatted and merged in at their place, and the result is written. What stays in memory per
//! report is its path; its agency, year and line count wait in the spill file with its flags.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::{
    write_jsonl_flag, write_text_flag, write_text_head, write_text_summary, Format, Tally,
    TextStyle,
};
use crate::flag::{Flag, Severity};
use crate::pipeline::{CheckedReport, ParseSummary};

/// Writes reports in `jsonl` or `text` as they are checked (see the module documentation).
pub struct Streamer<W: Write> {
    out: BufWriter<W>,
    format: Format,
    style: TextStyle,
    tally: Tally,
    spill: Option<Spill>,
    /// The formatted line of one flag (reused).
    line: Vec<u8>,
}

/// The reports' own flags, formatted, waiting for the cross-report flags.
struct Spill {
    path: PathBuf,
    file: BufWriter<File>,
    /// The path of each spilled report, in order (the rest of what the output says of it is
    /// in the file: see [`Held`]).
    reports: Vec<Box<Path>>,
}

impl Spill {
    /// A new spill file in the temporary folder, only for this process.
    fn create() -> io::Result<Spill> {
        let dir = std::env::temp_dir();
        let pid = std::process::id();
        for attempt in 0u32.. {
            let path = dir.join(format!(".nianbao-check-{pid}-{attempt}.spill"));
            match File::options()
                .read(true)
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(file) => {
                    return Ok(Spill {
                        path,
                        file: BufWriter::with_capacity(BUFFER, file),
                        reports: Vec::new(),
                    })
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 1000 => {}
                Err(e) => return Err(e),
            }
        }
        Err(io::Error::other("no spill file name left"))
    }
}

impl Drop for Spill {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// What the output says of a spilled report besides its path and flags (its heading and
/// lines name the agency and year), and how many flags follow it in the spill file. Written to
/// the file ahead of the report's flags rather than kept in memory: a run of 100,000 reports
/// held about 100 bytes of it per report.
struct Held {
    agency: Option<String>,
    year: Option<i32>,
    lines: u32,
    flags: u32,
}

/// The length written for a report without an agency.
const NO_AGENCY: u32 = u32::MAX;

impl Held {
    fn of(report: &CheckedReport) -> io::Result<Held> {
        Ok(Held {
            flags: u32::try_from(report.flags.len()).map_err(io::Error::other)?,
            agency: report.agency.clone(),
            year: report.year,
            lines: report.summary.lines,
        })
    }

    fn write(&self, out: &mut impl Write) -> io::Result<()> {
        let agency = self.agency.as_deref().map(str::as_bytes);
        let agency_len = match agency {
            Some(bytes) => u32::try_from(bytes.len())
                .ok()
                .filter(|len| *len != NO_AGENCY)
                .ok_or_else(|| io::Error::other("agency name too long"))?,
            None => NO_AGENCY,
        };
        out.write_all(&[u8::from(self.year.is_some())])?;
        out.write_all(&self.year.unwrap_or(0).to_le_bytes())?;
        for word in [self.lines, self.flags, agency_len] {
            out.write_all(&word.to_le_bytes())?;
        }
        out.write_all(agency.unwrap_or_default())
    }

    fn read(input: &mut impl Read) -> io::Result<Held> {
        let mut has_year = [0u8; 1];
        input.read_exact(&mut has_year)?;
        let year = i32::from_le_bytes(read_word(input)?);
        let [lines, flags, agency_len] = [(); 3].map(|_| read_word(input));
        let agency = match u32::from_le_bytes(agency_len?) {
            NO_AGENCY => None,
            len => {
                let mut bytes = vec![0; len as usize];
                input.read_exact(&mut bytes)?;
                Some(String::from_utf8(bytes).map_err(io::Error::other)?)
            }
        };
        Ok(Held {
            agency,
            year: (has_year[0] == 1).then_some(year),
            lines: u32::from_le_bytes(lines?),
            flags: u32::from_le_bytes(flags?),
        })
    }

    /// The report again, without its flags, for the writers of its heading and lines.
    fn report(self, path: PathBuf) -> CheckedReport {
        CheckedReport {
            path,
            file: String::new(),
            agency: self.agency,
            year: self.year,
            template: None,
            summary: ParseSummary {
                lines: self.lines,
                ..ParseSummary::default()
            },
            flags: Vec::new(),
        }
    }
}

/// Four bytes of the spill file.
fn read_word(input: &mut impl Read) -> io::Result<[u8; 4]> {
    let mut word = [0u8; 4];
    input.read_exact(&mut word)?;
    Ok(word)
}

/// The size of the output and spill buffers: a few flags' lines go out in one write.
const BUFFER: usize = 64 * 1024;

/// Where a flag goes among a report's flags (see [`crate::rules::sort_flags`]).
fn place(flag: &Flag) -> (u32, u32) {
    (
        flag.location.line.unwrap_or(0),
        flag.location.column.unwrap_or(0),
    )
}

/// One flag's lines in a streamed format.
fn write_flag(
    out: &mut dyn Write,
    format: Format,
    style: TextStyle,
    report: &CheckedReport,
    flag: &Flag,
) -> io::Result<()> {
    match format {
        Format::Text => write_text_flag(out, flag, style),
        _ => write_jsonl_flag(out, report, flag, style.lang),
    }
}

impl<W: Write> Streamer<W> {
    /// A writer of `format` ([`Format::Jsonl`] or [`Format::Text`]; any other is written as
    /// jsonl); with `cross`, the reports wait in a spill file for their cross-report flags.
    pub fn new(out: W, format: Format, style: TextStyle, cross: bool) -> io::Result<Streamer<W>> {
        Ok(Streamer {
            out: BufWriter::with_capacity(BUFFER, out),
            format,
            style,
            tally: Tally::default(),
            spill: if cross { Some(Spill::create()?) } else { None },
            line: Vec::new(),
        })
    }

    /// Writes one checked report, or spills it until [`Streamer::finish`].
    pub fn report(&mut self, report: CheckedReport) -> io::Result<()> {
        for flag in &report.flags {
            self.tally.flag(flag);
        }
        let Some(spill) = &mut self.spill else {
            self.tally.report(!report.flags.is_empty());
            if report.flags.is_empty() {
                return Ok(());
            }
            return self.write_report(&report, &[], &[]);
        };
        Held::of(&report)?.write(&mut spill.file)?;
        for flag in &report.flags {
            self.line.clear();
            write_flag(&mut self.line, self.format, self.style, &report, flag)?;
            let (line, column) = place(flag);
            let len = u32::try_from(self.line.len()).map_err(io::Error::other)?;
            for word in [line, column, len] {
                spill.file.write_all(&word.to_le_bytes())?;
            }
            spill.file.write_all(&self.line)?;
        }
        spill.reports.push(report.path.into_boxed_path());
        Ok(())
    }

    /// Writes the reports that waited for their cross-report flags (`cross` gives a report's
    /// in text order), then the summary of the text format. Returns whether any report has an
    /// error-level flag.
    pub fn finish(
        &mut self,
        skipped: &[PathBuf],
        cross: impl Fn(&Path) -> Vec<Flag>,
    ) -> io::Result<bool> {
        if let Some(spill) = self.spill.take() {
            self.merge(spill, &cross)?;
        }
        if self.format == Format::Text {
            write_text_summary(&mut self.out, &self.tally, skipped, self.style.lang)?;
        }
        self.out.flush()?;
        Ok(self.any_error())
    }

    /// Whether a report written so far has an error-level flag.
    pub fn any_error(&self) -> bool {
        self.tally.any(Severity::Error)
    }

    /// Reads the spilled reports back in order and writes each with its cross flags.
    fn merge(&mut self, mut spill: Spill, cross: &impl Fn(&Path) -> Vec<Flag>) -> io::Result<()> {
        spill.file.flush()?;
        let mut file = spill.file.get_ref().try_clone()?;
        file.seek(SeekFrom::Start(0))?;
        let mut input = BufReader::with_capacity(BUFFER, file);
        let mut own = Vec::new();
        for path in std::mem::take(&mut spill.reports) {
            let held = Held::read(&mut input)?;
            let count = held.flags;
            let report = held.report(path.into_path_buf());
            own.clear();
            for _ in 0..count {
                let [line, column, len] = [(); 3].map(|_| read_word(&mut input));
                let [line, column, len] = [line?, column?, len?].map(u32::from_le_bytes);
                let mut bytes = vec![0; len as usize];
                input.read_exact(&mut bytes)?;
                own.push(((line, column), bytes));
            }
            let cross = cross(&report.path);
            for flag in &cross {
                self.tally.flag(flag);
            }
            self.tally.report(count > 0 || !cross.is_empty());
            if count > 0 || !cross.is_empty() {
                self.write_report(&report, &own, &cross)?;
            }
        }
        Ok(())
    }

    /// Writes one report with flags: its own, either formatted already (`own`, with their
    /// places) or still in the report, and `cross`, merged in at their places.
    fn write_report(
        &mut self,
        report: &CheckedReport,
        own: &[((u32, u32), Vec<u8>)],
        cross: &[Flag],
    ) -> io::Result<()> {
        let (format, style) = (self.format, self.style);
        let out = &mut self.out;
        if format == Format::Text {
            write_text_head(out, report, style)?;
        }
        for flag in &report.flags {
            write_flag(out, format, style, report, flag)?;
        }
        // The report's own flags come first among flags at the same place, as the stable sort
        // of `check_run` puts them.
        let mut cross = cross.iter().peekable();
        for (at, bytes) in own {
            while let Some(flag) = cross.next_if(|flag| place(flag) < *at) {
                write_flag(out, format, style, report, flag)?;
            }
            out.write_all(bytes)?;
        }
        for flag in cross {
            write_flag(out, format, style, report, flag)?;
        }
        if format == Format::Text {
            writeln!(out)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::check::output::write;
    use crate::flag::{Evidence, Fingerprint, Location};
    use crate::i18n::{Lang, Localized};
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
            found
                .filter(|_| cross)
                .map(|(_, c)| c.clone())
                .unwrap_or_default()
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

    #[test]
    fn streamed_output_is_the_output_of_the_whole_run() {
        for format in [Format::Jsonl, Format::Text] {
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
