//! Finding leftovers of document conversion.

use crate::report::Artifact;
use crate::text::Document;

/// Every conversion leftover in the document, in order.
pub fn find(doc: &Document) -> Vec<Artifact> {
    let _ = doc;
    Vec::new()
}
