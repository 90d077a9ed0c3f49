//! A clean generated inbox of agency histories raises no cross-report flag, not even a
//! plausibility question (info): at a size where the generator used to let 表四's lawsuits and
//! a quiet agency's applications drift into `correction-rate-high` and `year-on-year-jump`.
//! Self-contained: the reports are generated, parsed and indexed in memory.

use std::path::PathBuf;

use rayon::prelude::*;

use nianbao::i18n::Lang;
use nianbao::ingest::SourceEncoding;
use nianbao::report::parse::parse_text;
use nianbao::rules::cross::{CrossIndex, CrossSettings, ReportFacts};
use nianbao::rules::RuleSelection;

#[test]
fn a_clean_corpus_of_histories_raises_no_cross_flag() {
    // Seed 1's first 3,000 reports held three lawsuits corrected at 29–40 %.
    let reports = nianbao::corpus::generate(1, 3_000);
    let facts: Vec<(PathBuf, ReportFacts)> = reports
        .par_iter()
        .map(|r| {
            let report = parse_text(&r.text, SourceEncoding::Utf8);
            (PathBuf::from(&r.file_name), ReportFacts::of(&report))
        })
        .collect();
    let mut index = CrossIndex::new();
    for (path, facts) in &facts {
        index.add(path.clone(), facts.clone());
    }
    let (selection, settings) = (RuleSelection::default(), CrossSettings::default());
    let flags: Vec<String> = facts
        .par_iter()
        .flat_map_iter(|(path, _)| {
            index
                .check(path, &selection, &settings)
                .into_iter()
                .map(move |f| format!("{} {}: {}", path.display(), f.code, f.message.get(Lang::En)))
        })
        .collect();
    assert!(flags.is_empty(), "{flags:#?}");
}
