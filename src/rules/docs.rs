//! Rule documentation, read from the `//!` comment at the top of each rule's file.
//!
//! The comment has a one-line summary and then sections introduced by `## ` headings; the
//! sections every rule must have are [`RuleDoc::REQUIRED_SECTIONS`].

use serde::Serialize;

/// The documentation of one rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleDoc {
    /// The first line of the comment.
    pub summary: String,
    /// `(heading, body)` in the order written; bodies are Markdown.
    pub sections: Vec<(String, String)>,
}

impl RuleDoc {
    /// The sections every rule documents.
    pub const REQUIRED_SECTIONS: [&'static str; 5] = [
        "What it checks",
        "Why it matters",
        "Authority",
        "Flagged",
        "Accepted",
    ];

    /// Parses the leading `//!` comment of a Rust source file.
    pub fn from_source(source: &str) -> RuleDoc {
        let mut summary = String::new();
        let mut sections: Vec<(String, String)> = Vec::new();
        for line in source.lines() {
            let Some(text) = line.trim_start().strip_prefix("//!") else {
                break;
            };
            let text = text.strip_prefix(' ').unwrap_or(text);
            if let Some(heading) = text.strip_prefix("## ") {
                sections.push((heading.trim().to_string(), String::new()));
            } else if let Some((_, body)) = sections.last_mut() {
                body.push_str(text);
                body.push('\n');
            } else if summary.is_empty() {
                summary = text.trim().to_string();
            }
        }
        for (_, body) in &mut sections {
            *body = body.trim().to_string();
        }
        RuleDoc { summary, sections }
    }

    /// The body of a section.
    pub fn section(&self, heading: &str) -> Option<&str> {
        self.sections
            .iter()
            .find(|(h, _)| h == heading)
            .map(|(_, body)| body.as_str())
    }

    /// The required sections that are missing or empty.
    pub fn missing_sections(&self) -> Vec<&'static str> {
        Self::REQUIRED_SECTIONS
            .into_iter()
            .filter(|h| self.section(h).is_none_or(str::is_empty))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_summary_and_sections() {
        let source = "//! Summary line.\n//!\n//! ## What it checks\n//! A thing.\n//! ## Flagged\n//! ```text\n//! x\n//! ```\nuse foo;\n//! not doc\n";
        let doc = RuleDoc::from_source(source);
        assert_eq!(doc.summary, "Summary line.");
        assert_eq!(doc.section("What it checks"), Some("A thing."));
        assert_eq!(doc.section("Flagged"), Some("```text\nx\n```"));
        assert_eq!(
            doc.missing_sections(),
            ["Why it matters", "Authority", "Accepted"]
        );
    }
}
