//! The lenient parser: text to [`Report`].
//!
//! Each part of the report has its own module; they run in order over the same [`Document`]:
//! conversion artifacts, section headings (so that the title is looked for before the first
//! heading and each table inside its section), the title and the agency, the statistics period
//! and the signature, then the tables and the template version their markers point to.

pub mod artifacts;
pub mod front;
pub mod sections;
pub mod tables;

use crate::ingest::{Decoded, ReadFailure, SourceEncoding};
use crate::report::Report;
use crate::text::Document;

/// Parses decoded text into a report.
pub fn parse(decoded: &Decoded) -> Report {
    parse_text(&decoded.text, decoded.encoding)
}

/// Parses decoded text into a report, taking the text over for the document instead of
/// copying it (the pipeline's way: the decoded file is not needed afterwards).
pub fn parse_owned(decoded: Decoded) -> Report {
    parse_document(Document::from_string(decoded.text), decoded.encoding)
}

/// Parses text into a report.
pub fn parse_text(text: &str, encoding: SourceEncoding) -> Report {
    parse_document(Document::new(text), encoding)
}

fn parse_document(doc: Document, encoding: SourceEncoding) -> Report {
    let artifacts = artifacts::find(&doc);
    let sections = sections::find(&doc);
    let title = front::title(&doc, &sections);
    let signature = front::signature(&doc, &sections);
    let period = front::period(&doc, &sections);
    let signatory = signature
        .as_ref()
        .and_then(|(date, _)| front::signatory(&doc, date));
    let identity = front::identify(
        &doc,
        &front::Read {
            sections: &sections,
            title: title.as_ref(),
            period: period.as_ref(),
            signature: signature.as_ref(),
            signatory: signatory.as_ref(),
        },
    );
    let (signature, signature_kind) = signature.unzip();
    let closing = front::closing(&doc, &artifacts, signature.as_ref());
    let tables = tables::read(&doc, &sections);
    let template = tables.version();
    let read: Vec<&crate::report::Table> = [&tables.table2, &tables.table3, &tables.table4]
        .into_iter()
        .flatten()
        .collect();
    let line_roles = crate::report::roles::decide(&doc, &sections, &read, closing.as_ref());
    Report {
        encoding,
        read_failure: None,
        title,
        agency: identity.agency,
        agency_from: identity.agency_from,
        year: identity.year,
        year_from: identity.year_from,
        template,
        period,
        signature,
        signature_kind,
        signatory,
        closing,
        sections,
        table2: tables.table2,
        table3: tables.table3,
        table4: tables.table4,
        artifacts,
        line_roles,
        doc,
        origins: Vec::new(),
        narrative_cache: Default::default(),
        self_names_cache: Default::default(),
    }
}

/// The report of a file that could not be read: no text, one reason.
pub fn unreadable(failure: ReadFailure) -> Report {
    Report {
        read_failure: Some(failure),
        ..Report::default()
    }
}
