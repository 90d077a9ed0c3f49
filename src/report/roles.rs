//! What each line of a report is — heading, prose, table row, page chrome, signature — decided
//! once when the report is read, from what the parser found.
//!
//! Rules that scan lines themselves (for words, dates, enumerations, document numbers) must
//! skip table rows and read prose. Before this, each did so by looking at the text (a line
//! with a tab is a row), which is right only for the row layout: a table read from one cell
//! per line, markdown pipes or space-aligned columns has rows without tabs. The roles come
//! from the model instead: a line inside the region a table was read from is a table row
//! whatever its layout, a section heading is one the section reader found, the signature
//! lines are those of [`super::front::SignatureBlock`].

use crate::document::lines::is_pipe_row;
use crate::report::front::SignatureBlock;
use crate::report::parse::front::is_chrome;
use crate::report::{Layout, Section, Table};
use crate::text::Document;

/// The role of one line in the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LineRole {
    /// Nothing but whitespace (also any line number past the end).
    #[default]
    Blank,
    /// A section heading the section reader found.
    Heading,
    /// Text of the report: paragraphs, sub-item titles, short lines outside tables.
    Prose,
    /// Part of a table: a line inside the region a table was read from, or a row of cells
    /// separated by tabs or pipes anywhere. A whitespace-collapsed table shares its one line
    /// with the prose, so its line stays prose.
    TableRow,
    /// A web page's chrome before the report (breadcrumbs, publication metadata, toolbars).
    Chrome,
    /// The closing signature: the signatory's lines and the date.
    Signature,
}

/// Decides the role of every line, indexed by line number - 1.
pub(crate) fn decide(
    doc: &Document,
    sections: &[Section],
    tables: &[&Table],
    closing: Option<&SignatureBlock>,
) -> Vec<LineRole> {
    let first_heading = sections.iter().map(|s| s.heading.line).min();
    // Most lines are decided by their facts; only a possible pipe row or a line before the
    // first heading (chrome) is read.
    let folded = |no: u32| doc.line(no).map_or("", |l| l.folded);
    let mut roles: Vec<LineRole> = doc
        .line_facts()
        .zip(1u32..)
        .map(|(facts, no)| {
            if facts.blank {
                LineRole::Blank
            } else if facts.tab
                // A pipe row starts with its pipe: the line's lead, known without a search.
                || (facts.lead == Some('|') && is_pipe_row(folded(no).trim()))
            {
                LineRole::TableRow
            } else if first_heading.is_some_and(|h| no < h) && is_chrome(folded(no)) {
                LineRole::Chrome
            } else {
                LineRole::Prose
            }
        })
        .collect();
    let mut set = |no: u32, role: LineRole| {
        if let Some(slot) = roles.get_mut(no as usize - 1) {
            if *slot != LineRole::Blank {
                *slot = role;
            }
        }
    };
    for table in tables.iter().filter(|t| t.layout != Layout::Collapsed) {
        for no in table.first_line..=table.last_line {
            set(no, LineRole::TableRow);
        }
    }
    for section in sections {
        set(section.heading.line, LineRole::Heading);
    }
    if let Some(block) = closing {
        for &no in block.signatory_lines.iter().chain(block.date_line.iter()) {
            set(no, LineRole::Signature);
        }
    }
    roles
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::SourceEncoding;
    use crate::report::parse::parse_text;

    #[test]
    fn lines_take_their_roles_from_their_facts_and_text() {
        let text = "当前位置：首页 > 信息公开 > 政府信息公开年报\n\
                    某县司法局2023年政府信息公开工作年度报告\n\
                    \n\
                    一、总体情况\n\
                    | 项目 | 数量 |\n\
                    名称\t数量\n\
                    2023年，我局认真落实条例。\n\
                    |不是表格\n";
        let report = parse_text(text, SourceEncoding::Utf8);
        let roles: Vec<LineRole> = (1..=8).map(|no| report.line_role(no)).collect();
        assert_eq!(
            roles,
            [
                LineRole::Chrome,
                LineRole::Prose,
                LineRole::Blank,
                LineRole::Heading,
                LineRole::TableRow,
                LineRole::TableRow,
                LineRole::Prose,
                LineRole::Prose,
            ]
        );
    }
}
