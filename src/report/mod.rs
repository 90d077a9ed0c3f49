//! The typed model of an annual report, and the lenient parser that builds it from text.
//!
//! A [`Report`] holds everything the rules look at: the title and the agency, the report
//! year, the statistics period, the signature date, the six sections with their line spans and
//! sub-items, and 表二/表三/表四 as grids whose every cell keeps its line, column, raw text and
//! parsed value. The parser never fails: what it cannot read it records (a blank cell, an
//! unreadable value, a row it could not place), so that rules can say so.
//!
//! The front matter records where it was read ([`front::Provenance`]): the agency and year
//! from the title, or the preamble, the statistics period, the signature or a web page's
//! metadata; page chrome is never taken for them. The end matter is read once too: the
//! signatory over the date and the signature block that closes the text
//! ([`front::SignatureBlock`]). Rules read these and never call into [`parse`]; the template's
//! vocabulary (heading variants, numerals, date lines) lives in the model's modules.
//!
//! Text is matched in its folded form ([`crate::text`]): full-width forms, Kangxi radicals and
//! compatibility ideographs, and in a Traditional report the template's Traditional characters,
//! all fold one character to one, so every match keeps its column in the raw text shown.
//!
//! # From text to tables: one model for every layout
//!
//! ```text
//! text ──▶ sections ──▶ table regions ──▶ crate::document::Grid ──▶ template matcher ──▶ Table
//!          (headings,    (lines of one       (rows of cells, the       (表二/表三/表四 rows    (+ doubts)
//!           `##` too)     kind: LineKind)     layout decided once)      by label, values)
//! ```
//!
//! 1. **Regions.** Each table is looked for in the body of its section (or, without the
//!    heading, from its own header line). A region runs from the first row of separated cells
//!    or the table's header line to the last line that may be part of a table
//!    ([`crate::document::LineKind`]: prose and headings end it). In whitespace-collapsed
//!    text (no headings on lines of their own) a table is a stretch of one long line, from its
//!    opening words to the next table's or section's.
//! 2. **Grid.** [`crate::document::grid::read`] decides the region's layout once — tab rows,
//!    one cell per tab line, one cell per line without tabs, markdown pipes, space-aligned
//!    columns — and reads it into rows of cells whatever it was
//!    ([`crate::document::grid::read_inline`] for a stretch of collapsed text). Each cell keeps its
//!    provenance (line and column today; page, table, row and column for structured sources),
//!    its text raw and folded, and its parsed value; one-line cells borrow the document.
//! 3. **Matcher.** `parse::tables` maps the grid onto the template, the same code for every
//!    layout: rows are placed by their labels (exact, variant, then tolerant), values taken in
//!    template column order with shifted cells recovered, header labels compared, template
//!    markers counted. The template version is decided from the markers of all tables.
//! 4. **Confidence.** A table whose grid was not matched with confidence records why
//!    ([`tables::Doubt`]: cells read as rows; values that cannot be placed because the layout
//!    keeps no trace of a blank cell; labels and numbers run together). Rules that judge cells, rows, labels or identities read
//!    tables through [`Report::assessed`], so a doubtful table floods nothing: one
//!    `table-not-assessable` says which table and why. The rules' interface ([`Table`],
//!    [`TableRow`], [`Cell`]) is the same for every layout.
//!
//! Where one cause produces many flags of one rule in one table, the rule raises one flag that
//! names the extent (`blank-cell`: the same columns blank in many rows).
//!
//! # Line roles: what rules that scan lines read
//!
//! Some rules look for words in the prose (typos, stale years, document numbers, the agency's
//! name, enumerations, a text cut off). They must not re-decide which lines are prose: the
//! report keeps, for every line, the role the parser gave it ([`LineRole`], [`roles`]) —
//! blank, section heading, prose, table row, web chrome, signature — decided once from what
//! was read: a line inside the region a table was read from is a table row in every layout
//! (one cell per line, pipes, space-aligned columns, not only tab rows), headings are the
//! sections found, signature lines the [`front::SignatureBlock`]'s. Rules ask
//! [`Report::line_role`] / [`Report::is_table_line`] and never look for a tab.
//!
//! A line break inside a number, a date or a list marker (PDF text wraps anywhere: 「常务会议
//! 7⏎期」, 「2025⏎年1月1日」, 「工作：一⏎是」) does not cut it: the date readers join a line with
//! the next where the break cuts a date ([`dates::WrappedLine`]), and
//! [`narrative::numbers::wraps_inside_number`] says where it cuts a number from its measure.

pub mod dates;
pub mod front;
pub mod narrative;
pub mod numerals;
pub mod parse;
pub mod roles;
pub mod sections;
pub mod self_names;
mod source;
pub mod tables;
pub mod template;

use std::borrow::Cow;
use std::sync::OnceLock;

use serde::Serialize;

use crate::ingest::{ReadFailure, SourceEncoding};
use crate::text::Document;

pub use dates::{CivilDate, DateMention};
pub use front::{Period, Title};
pub use roles::LineRole;
pub use sections::{Heading, Numeral, NumeralStyle, Section, SectionId, SubItem};
pub use tables::{Cell, CellValue, Layout, Num, Table, TableKind, TableRow};
pub use template::TemplateVersion;

/// Leftovers of document conversion found in the text (`[bookmark: _Hlk…]`, HTML tags, page
/// footers). The parser reads through them; rule `conversion-artifact` reports them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Artifact {
    pub line: u32,
    /// 1-based character column in the raw line.
    pub column: u32,
    /// The leftover as written.
    pub text: String,
    pub kind: ArtifactKind,
}

/// A line's text with the conversion leftovers found on it blanked out, character for
/// character (so columns stay those of the line). `artifacts` are those of the line.
pub fn blank_artifacts<'a>(text: &'a str, artifacts: &[&Artifact]) -> Cow<'a, str> {
    if artifacts.is_empty() {
        return Cow::Borrowed(text);
    }
    // Character ranges of the leftovers, by start: the text is blanked in one pass that walks
    // them along (a crawled line can hold thousands of leftovers).
    let mut hidden: Vec<std::ops::Range<usize>> = artifacts
        .iter()
        .map(|a| {
            let from = a.column as usize - 1;
            from..from + a.text.chars().count()
        })
        .collect();
    hidden.sort_by_key(|r| r.start);
    let mut ranges = hidden.iter().peekable();
    Cow::Owned(
        text.chars()
            .enumerate()
            .map(|(i, c)| {
                // Ranges that end before `i` are behind; the first one left starts the
                // earliest, so if it does not cover `i` no later one does.
                while ranges.next_if(|r| r.end <= i).is_some() {}
                if ranges.peek().is_some_and(|r| r.start <= i) {
                    ' '
                } else {
                    c
                }
            })
            .collect(),
    )
}

/// What kind of conversion leftover an [`Artifact`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum ArtifactKind {
    /// `[bookmark: _Hlk66973412]`, `[bookmark: _GoBack]`.
    Bookmark,
    /// `<p>`, `<br/>`, `</span>`.
    HtmlTag,
    /// `&nbsp;`, `&amp;`, `&#12345;`.
    HtmlEntity,
    /// A page number on a line of its own: `- 3 -`, `第 3 页`, `3/12`.
    PageFooter,
}

impl ArtifactKind {
    /// The Chinese name used in messages.
    pub fn zh(self) -> &'static str {
        match self {
            ArtifactKind::Bookmark => "书签标记",
            ArtifactKind::HtmlTag => "HTML 标签",
            ArtifactKind::HtmlEntity => "HTML 实体",
            ArtifactKind::PageFooter => "页码",
        }
    }

    /// The English name used in messages.
    pub fn english(self) -> &'static str {
        match self {
            ArtifactKind::Bookmark => "bookmark",
            ArtifactKind::HtmlTag => "HTML tag",
            ArtifactKind::HtmlEntity => "HTML entity",
            ArtifactKind::PageFooter => "page footer",
        }
    }
}

/// One report, parsed.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// The decoded text.
    pub doc: Document,
    /// How the bytes were decoded.
    pub encoding: SourceEncoding,
    /// Why the file could not be read, if it could not; the rest of the report is then empty.
    pub read_failure: Option<ReadFailure>,
    pub title: Option<Title>,
    /// The agency's best-known name: the title's, or a fuller form of it from the body or the
    /// signature when the title's is generic (「市司法局」 → 「聊城市司法局」).
    pub agency: Option<String>,
    /// Where the agency was read (title, preamble, signature, web metadata, body).
    pub agency_from: Option<front::Provenance>,
    /// The report year (the year the report is about, not the year it was published).
    pub year: Option<i32>,
    /// Where the year was read (title, preamble, statistics period, signature).
    pub year_from: Option<front::Provenance>,
    /// The template version the tables follow, from the markers inside the tables.
    pub template: Option<TemplateVersion>,
    pub period: Option<Period>,
    /// The signature or publication date.
    pub signature: Option<DateMention>,
    /// Whether `signature` is a signature date or a labelled publication date.
    pub signature_kind: Option<front::DateKind>,
    /// The agency's name as written over the signature date, if any.
    pub signatory: Option<front::Signatory>,
    /// The signature block the text ends with (the signatory lines and the date), if any.
    pub closing: Option<front::SignatureBlock>,
    /// Sections in the order they appear in the text.
    pub sections: Vec<Section>,
    pub table2: Option<Table>,
    pub table3: Option<Table>,
    pub table4: Option<Table>,
    pub artifacts: Vec<Artifact>,
    /// The role of each line (index: line number - 1), decided once from what was read
    /// ([`roles`]); rules ask [`Report::line_role`] rather than look at the text.
    pub line_roles: Vec<LineRole>,
    /// For a report read from a structured format: where each line of `doc` came from (see
    /// [`Report::source_place`]); empty for plain text.
    pub origins: Vec<crate::ingest::formats::LineOrigin>,
    /// What the prose states in numbers, read on first use by [`Report::narrative`].
    pub narrative_cache: OnceLock<narrative::Narrative>,
    /// The names the report gives itself, read on first use by [`Report::self_names`].
    pub self_names_cache: OnceLock<Vec<self_names::SelfName>>,
}

impl Report {
    /// The first section with this id, if present.
    pub fn section(&self, id: SectionId) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }

    /// What the prose states in numbers (counts read as metrics, zeros stated in words, lists
    /// with their parts), read once on first use.
    pub fn narrative(&self) -> &narrative::Narrative {
        self.narrative_cache.get_or_init(|| narrative::read(self))
    }

    /// The names the report gives itself in its prose (see [`self_names`]), read once on first
    /// use: `agency-mismatch` and the cross facts both read them.
    pub fn self_names(&self) -> &[self_names::SelfName] {
        self.self_names_cache.get_or_init(|| self_names::read(self))
    }

    /// The role of line `no` (1-based); [`LineRole::Blank`] past the end.
    pub fn line_role(&self, no: u32) -> LineRole {
        no.checked_sub(1)
            .and_then(|i| self.line_roles.get(i as usize))
            .copied()
            .unwrap_or_default()
    }

    /// Whether line `no` is part of a table (in any layout but the collapsed one, whose
    /// tables share their line with the prose).
    pub fn is_table_line(&self, no: u32) -> bool {
        self.line_role(no) == LineRole::TableRow
    }

    /// The table of this kind, if found.
    pub fn table(&self, kind: TableKind) -> Option<&Table> {
        match kind {
            TableKind::Table2 => self.table2.as_ref(),
            TableKind::Table3 => self.table3.as_ref(),
            TableKind::Table4 => self.table4.as_ref(),
        }
    }

    /// Whether anything of an annual report was found: a title, a section heading or a table.
    pub fn looks_like_report(&self) -> bool {
        self.title.is_some()
            || !self.sections.is_empty()
            || self.table2.is_some()
            || self.table3.is_some()
            || self.table4.is_some()
    }
}
