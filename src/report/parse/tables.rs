//! Reading 表二, 表三 and 表四 from their sections, in either layout.

use crate::report::{Section, Table, TemplateVersion};
use crate::text::Document;

/// The three tables as found.
#[derive(Debug, Default)]
pub struct Tables {
    pub table2: Option<Table>,
    pub table3: Option<Table>,
    pub table4: Option<Table>,
}

impl Tables {
    /// The template version the markers inside the tables point to.
    pub fn version(&self) -> Option<TemplateVersion> {
        None
    }
}

/// Reads the tables.
pub fn read(doc: &Document, sections: &[Section]) -> Tables {
    let _ = (doc, sections);
    Tables::default()
}
