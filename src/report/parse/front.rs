//! The title, the agency, the statistics period and the signature date.

use crate::report::{DateMention, Period, Section, Title};
use crate::text::Document;

/// The title: a line with 年度报告 before the first section, possibly wrapped over two lines.
pub fn title(doc: &Document, sections: &[Section]) -> Option<Title> {
    let _ = (doc, sections);
    None
}

/// The statistics period sentence.
pub fn period(doc: &Document, sections: &[Section]) -> Option<Period> {
    let _ = (doc, sections);
    None
}

/// The signature or publication date.
pub fn signature(doc: &Document, sections: &[Section]) -> Option<DateMention> {
    let _ = (doc, sections);
    None
}

/// The agency's best-known name.
pub fn agency(
    doc: &Document,
    title: Option<&Title>,
    signature: Option<&DateMention>,
) -> Option<String> {
    let _ = doc;
    let _ = signature;
    title.and_then(|t| t.agency.clone())
}
