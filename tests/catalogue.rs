//! The catalogue as a product: every rule has a unique code, complete documentation and an
//! entry in the registry.

use std::collections::HashSet;

use nianbao::rules::{RuleDoc, REGISTRY};

#[test]
fn codes_are_unique_kebab_case() {
    let mut seen = HashSet::new();
    for rule in REGISTRY {
        let code = rule.meta().code;
        assert!(seen.insert(code), "duplicate code {code}");
        assert!(
            !code.is_empty()
                && code
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                && !code.starts_with('-')
                && !code.ends_with('-'),
            "code {code} is not kebab-case"
        );
    }
}

#[test]
fn every_rule_is_documented_in_its_own_file() {
    for rule in REGISTRY {
        let meta = rule.meta();
        let doc = meta.doc();
        assert!(!doc.summary.is_empty(), "{}: no summary line", meta.code);
        assert_eq!(
            doc.missing_sections(),
            Vec::<&str>::new(),
            "{}: documentation sections missing (needs {:?})",
            meta.code,
            RuleDoc::REQUIRED_SECTIONS
        );
        for example in ["Flagged", "Accepted"] {
            let body = doc.section(example).unwrap_or_default();
            assert!(
                body.contains("```"),
                "{}: {example} has no example block",
                meta.code
            );
        }
        assert!(
            !meta.title_zh.is_empty() && !meta.title_en.is_empty(),
            "{}: titles",
            meta.code
        );
        let file = meta.code.replace('-', "_");
        assert!(
            meta.source.contains("pub struct")
                && meta.source.contains(&format!("\"{}\"", meta.code)),
            "{}: the source given is not the rule's own file ({file}.rs)",
            meta.code
        );
    }
}

#[test]
fn registry_is_in_catalogue_group_order() {
    let groups: Vec<_> = REGISTRY.iter().map(|r| r.meta().group).collect();
    let mut sorted = groups.clone();
    sorted.sort();
    assert_eq!(
        groups, sorted,
        "rules must be listed group by group (B0, B1, …)"
    );
}
