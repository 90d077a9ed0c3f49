//! The front matter and the end matter: the title, the agency, the statistics period and the
//! signature date. Each has its own module; these functions are what the parser calls.

mod agency;
mod period;
mod signature;
mod title;

use crate::report::front::Signatory;
use crate::report::{DateMention, Period, Section, Title};
use crate::text::Document;

/// The title: a line with 年度报告 before the first section, possibly wrapped over two lines.
pub fn title(doc: &Document, sections: &[Section]) -> Option<Title> {
    title::find(doc, sections)
}

/// The statistics period sentence.
pub fn period(doc: &Document, sections: &[Section]) -> Option<Period> {
    let _ = sections;
    period::find(doc)
}

/// The signature or publication date.
pub fn signature(doc: &Document, sections: &[Section]) -> Option<DateMention> {
    signature::find(doc, sections)
}

/// The agency's best-known name: the title's, or a fuller form of it from the signature or the
/// body when the title's is generic.
pub fn agency(
    doc: &Document,
    title: Option<&Title>,
    signature: Option<&DateMention>,
) -> Option<String> {
    agency::best(doc, title, signature)
}

/// The agency's name as written over the signature date, if any (for comparing it with the
/// title's).
pub fn signatory(doc: &Document, signature: &DateMention) -> Option<Signatory> {
    signature::signatory(doc, signature)
}
