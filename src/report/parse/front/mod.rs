//! The front matter and the end matter: the title, the agency, the year, the statistics period
//! and the signature date. Each has its own module; these functions are what the parser calls.
//!
//! The agency and the year come from the title when it names them, and otherwise from the
//! preamble (the report named in a sentence, or who compiled it), the statistics period, the
//! signature, or the publishing platform's metadata on a web page. Page chrome (breadcrumbs,
//! metadata, toolbars) is never the title or the agency. Where each was read is recorded.

mod agency;
mod chrome;
mod period;
mod preamble;
mod signature;
mod title;

pub use chrome::is_chrome;

use crate::report::front::{DateKind, FrontSource, Provenance, Signatory, SignatureBlock};
use crate::report::{Artifact, DateMention, Period, Section, Title};
use crate::text::Document;

/// The title: a line with 年度报告 before the first section, possibly wrapped over two lines,
/// without the page chrome around it.
pub fn title(doc: &Document, sections: &[Section]) -> Option<Title> {
    title::find(doc, sections)
}

/// The statistics period sentence.
pub fn period(doc: &Document, sections: &[Section]) -> Option<Period> {
    let _ = sections;
    period::find(doc)
}

/// The signature or publication date, and which of the two it is.
pub fn signature(doc: &Document, sections: &[Section]) -> Option<(DateMention, DateKind)> {
    signature::find(doc, sections)
}

/// The agency's name as written over the signature date, if any (for comparing it with the
/// title's).
pub fn signatory(doc: &Document, signature: &DateMention) -> Option<Signatory> {
    signature::signatory(doc, signature)
}

/// The signature block the text ends with (signatory lines and date), if any.
pub fn closing(
    doc: &Document,
    artifacts: &[Artifact],
    signature: Option<&DateMention>,
) -> Option<SignatureBlock> {
    signature::closing(doc, artifacts, signature)
}

/// Who wrote the report and for what year, with where each was read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Identity {
    pub agency: Option<String>,
    pub agency_from: Option<Provenance>,
    pub year: Option<i32>,
    pub year_from: Option<Provenance>,
}

/// What the parser has read of the front and end matter, from which the identity is taken.
pub struct Read<'a> {
    pub sections: &'a [Section],
    pub title: Option<&'a Title>,
    pub period: Option<&'a Period>,
    pub signature: Option<&'a (DateMention, DateKind)>,
    pub signatory: Option<&'a Signatory>,
}

/// Labels of the page metadata that name the publisher.
const PUBLISHER_LABELS: [&str; 6] = [
    "发布机构",
    "发文机关",
    "来源",
    "信息来源",
    "文章来源",
    "单位",
];

/// The latest month of the next year in which a report's signature date lets the report year
/// be inferred (reports are due by 1月31日, a government's own by 3月31日: 条例第四十九条).
const LAST_SIGNATURE_MONTH: u32 = 3;

/// Who wrote the report and for what year: the title's agency and year when it names them; then
/// the preamble; for the year the statistics period, then a signature date early in the next
/// year; for the agency the signatory, then the page's metadata.
pub fn identify(doc: &Document, read: &Read<'_>) -> Identity {
    let at = |source, line| Provenance { source, line };
    // The preamble is read only when the title leaves the agency or the year unknown.
    let title_names_both = read
        .title
        .is_some_and(|t| t.agency.is_some() && t.year.is_some());
    let preamble = if title_names_both {
        Vec::new()
    } else {
        preamble::lines(doc, read.sections)
    };
    let named = preamble::named_report(&preamble);

    let agency = read
        .title
        .and_then(|t| agency::from_title(doc, t, read.signatory))
        .or_else(|| {
            named.as_ref().and_then(|(n, line)| {
                let line = n.agency_span.map_or(*line, |s| s.line);
                n.agency
                    .clone()
                    .map(|a| (a, at(FrontSource::Preamble, line)))
            })
        })
        .or_else(|| {
            preamble::compiled_by(&preamble)
                .map(|(name, span)| (name, at(FrontSource::Preamble, span.line)))
        })
        .or_else(|| {
            read.signatory
                .filter(|s| preamble::is_agency_name(&s.name))
                .map(|s| (s.name.clone(), at(FrontSource::Signature, s.span.line)))
        })
        .or_else(|| publisher(doc, read.sections))
        .or_else(|| {
            read.signatory
                .map(|s| (s.name.clone(), at(FrontSource::Signature, s.span.line)))
        });

    let year = read
        .title
        .and_then(|t| t.year.map(|y| (y, at(FrontSource::Title, t.line))))
        .or_else(|| {
            named
                .as_ref()
                .and_then(|(n, line)| n.year.map(|y| (y, at(FrontSource::Preamble, *line))))
        })
        .or_else(|| read.period.and_then(period_year))
        .or_else(|| read.signature.and_then(signature_year));

    Identity {
        agency: agency.as_ref().map(|a| a.0.clone()),
        agency_from: agency.map(|a| a.1),
        year: year.map(|y| y.0),
        year_from: year.map(|y| y.1),
    }
}

/// The year the statistics period covers: its start's (its end's when it has no start), or the
/// whole year it states.
fn period_year(period: &Period) -> Option<(i32, Provenance)> {
    let stated = |d: &Option<DateMention>| {
        d.as_ref()
            .filter(|d| !d.year_inherited)
            .and_then(|d| d.year)
    };
    let year = stated(&period.start)
        .or_else(|| stated(&period.end))
        .or(period.whole_year)?;
    Some((
        year,
        Provenance {
            source: FrontSource::Period,
            line: period.line,
        },
    ))
}

/// The report year a signature or publication date early in a year implies: the year before.
fn signature_year((date, kind): &(DateMention, DateKind)) -> Option<(i32, Provenance)> {
    let month = date.month?;
    if !(1..=LAST_SIGNATURE_MONTH).contains(&month) {
        return None;
    }
    let source = match kind {
        DateKind::Signature => FrontSource::Signature,
        DateKind::Publication => FrontSource::WebMetadata,
    };
    Some((
        date.year? - 1,
        Provenance {
            source,
            line: date.line,
        },
    ))
}

/// The publisher a page's metadata names (「发布机构：沭阳县发展和改革局」, 「来源：漳州市司法局」),
/// when it is a full agency name.
fn publisher(doc: &Document, sections: &[Section]) -> Option<(String, Provenance)> {
    let first_heading = sections.iter().map(|s| s.heading.line).min();
    doc.lines()
        .take_while(|l| first_heading.is_none_or(|h| l.no < h))
        .filter(|l| chrome::is_chrome(l.folded) || l.folded.trim_start().starts_with("单位"))
        .find_map(|line| {
            let (_, value) = chrome::field(line.folded, &PUBLISHER_LABELS)?;
            preamble::is_agency_name(value).then(|| {
                (
                    value.to_string(),
                    Provenance {
                        source: FrontSource::WebMetadata,
                        line: line.no,
                    },
                )
            })
        })
}
