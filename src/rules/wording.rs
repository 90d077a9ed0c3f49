//! Phrases that the messages of several rules share, worded once: a typed finding holds the
//! data and calls these when it is worded.

use std::path::Path;
use std::sync::Arc;

use crate::i18n::Lang;
use crate::report::TableKind;
use crate::rules::cross::Indexed;
use crate::rules::Message;

/// Another report of the inbox, by its year and file: 「2022年度报告（a/2022.txt）」 in Chinese,
/// 「2022 report (a/2022.txt)」 in English (the sentence adds its article).
#[derive(Debug, Clone)]
pub struct YearReport {
    /// The year its facts read; 0 when they have none.
    pub year: i32,
    pub path: Arc<Path>,
}

impl YearReport {
    pub fn of(report: &Indexed) -> YearReport {
        YearReport {
            year: report.year.unwrap_or(0),
            path: Arc::clone(&report.path),
        }
    }

    /// The report named in `lang`.
    pub fn name(&self, lang: Lang) -> String {
        let (year, path) = (self.year, self.path.display());
        match lang {
            Lang::Zh => format!("{year}年度报告（{path}）"),
            Lang::En => format!("{year} report ({path})"),
        }
    }
}

/// Most of a report's narrative (sections 一, 五 and 六) is found in another report: the finding
/// of `copied-from-peer` and `copied-from-previous-year`.
#[derive(Debug)]
pub struct NarrativeCopied {
    /// The share found in the other report, in whole percent.
    pub percent: f64,
    pub from: CopiedFrom,
}

/// The report a narrative was found in.
#[derive(Debug)]
pub enum CopiedFrom {
    /// Another agency's report of the same year.
    Peer { agency: Arc<str>, path: Arc<Path> },
    /// The agency's own report of an earlier year.
    Previous(YearReport),
}

impl Message for NarrativeCopied {
    fn message(&self, lang: Lang) -> String {
        let percent = self.percent;
        match (&self.from, lang) {
            (CopiedFrom::Peer { agency, path }, Lang::Zh) => format!(
                "正文（一、五、六部分）约 {percent}% 与{agency}的同年度报告（{}）相同",
                path.display()
            ),
            (CopiedFrom::Peer { agency, path }, Lang::En) => format!(
                "about {percent}% of the narrative (sections 一, 五, 六) is shared with {agency}'s \
                 report of the same year ({})",
                path.display()
            ),
            (CopiedFrom::Previous(report), Lang::Zh) => format!(
                "正文（一、五、六部分）约 {percent}% 与{}相同",
                report.name(lang)
            ),
            (CopiedFrom::Previous(report), Lang::En) => format!(
                "about {percent}% of the narrative (sections 一, 五, 六) is in the {}",
                report.name(lang)
            ),
        }
    }
}

/// Where a table label is.
#[derive(Debug, Clone, Copy)]
pub enum LabelPlace {
    /// A column header.
    Header,
    /// A row label.
    Row,
}

/// A table label as written, with its table and place, for the messages of the label rules:
/// 「表三表头“申请人情况”」, 「Table 3 header “申请人情况”」.
#[derive(Debug)]
pub struct TableLabel {
    pub table: TableKind,
    pub place: LabelPlace,
    pub found: String,
}

impl TableLabel {
    /// The label named in `lang`.
    pub fn name(&self, lang: Lang) -> String {
        let found = &self.found;
        let place = match self.place {
            LabelPlace::Header => lang.pick("表头", "header"),
            LabelPlace::Row => lang.pick("行标签", "row label"),
        };
        match lang {
            Lang::Zh => format!("{}{place}“{found}”", self.table.name_zh()),
            Lang::En => format!("{} {place} “{found}”", self.table.name_en()),
        }
    }
}
