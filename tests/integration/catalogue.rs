//! The catalogue as a product: every rule has a unique code, complete documentation and an
//! entry in the registry. Fixtures are held by `rule_fixtures.rs`, `docs/rules.md` by `docs.rs`.

use std::collections::HashSet;

use nianbao::i18n::Lang;
use nianbao::rules::catalogue::metas;
use nianbao::rules::Section;

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

#[test]
fn codes_are_unique_kebab_case() {
    let mut seen = HashSet::new();
    for meta in metas() {
        let code = meta.code;
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
    for meta in metas() {
        let doc = meta.doc();
        for lang in [Lang::En, Lang::Zh] {
            assert_eq!(
                doc.missing(lang),
                Vec::<&str>::new(),
                "{}: documentation missing in {lang:?} (needs a summary paragraph and {:?})",
                meta.code,
                Section::ALL.map(|s| s.source_heading(lang))
            );
        }
        assert!(
            doc.summary.zh.chars().any(is_cjk) && !doc.summary.zh.contains("What"),
            "{}: the second summary paragraph is the Chinese one",
            meta.code
        );
        for section in Section::ALL.into_iter().filter(|s| !s.is_shared()) {
            let zh = doc.body(section, Lang::Zh).unwrap_or_default();
            let latin = zh.chars().filter(char::is_ascii_alphabetic).count();
            let cjk = zh.chars().filter(|c| is_cjk(*c)).count();
            assert!(
                cjk > latin,
                "{}: {} is not written in Chinese",
                meta.code,
                section.heading(Lang::Zh)
            );
        }
        for example in [Section::Flagged, Section::Accepted] {
            let body = doc.body(example, Lang::En).unwrap_or_default();
            assert!(
                body.contains("```"),
                "{}: {example:?} has no example block",
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
    let groups: Vec<_> = metas().map(|m| m.group).collect();
    let mut sorted = groups.clone();
    sorted.sort();
    assert_eq!(
        groups, sorted,
        "rules must be listed group by group (B0, B1, …)"
    );
}

#[test]
fn every_rule_file_is_registered_under_its_code() {
    let registered: HashSet<&str> = metas().map(|m| m.file).collect();
    for meta in metas() {
        assert_eq!(
            meta.file.replace('\\', "/"),
            format!("src/rules/{}.rs", meta.code.replace('-', "_")),
            "{}: a rule lives in src/rules/<code with - as _>.rs",
            meta.code
        );
    }
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules");
    let mut unregistered = Vec::new();
    for entry in std::fs::read_dir(&dir)
        .expect("src/rules is readable")
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        let source = std::fs::read_to_string(entry.path()).unwrap_or_default();
        let file = format!("src/rules/{name}");
        if source.contains("crate::rule_meta!(") && !registered.contains(file.as_str()) {
            unregistered.push(file);
        }
    }
    assert!(
        unregistered.is_empty(),
        "rules not registered (add a line to `register_rules!` in src/rules/mod.rs): {unregistered:?}"
    );
}

#[test]
fn explain_and_rules_print_from_the_registry() {
    use nianbao::rules::catalogue;
    let listing = catalogue::render_text(Lang::Zh);
    for meta in metas() {
        assert!(listing.contains(meta.code), "{} not listed", meta.code);
        for lang in [Lang::En, Lang::Zh] {
            let explained = catalogue::render_explain(meta, lang);
            for section in Section::ALL {
                assert!(
                    explained.contains(section.heading(lang)),
                    "{}: {section:?}",
                    meta.code
                );
            }
            assert!(explained.contains(meta.doc().summary.get(lang)));
            assert!(!explained.contains("```") && !explained.contains("|---"));
        }
        let explained = catalogue::render_explain(meta, Lang::En);
        assert!(explained.contains(meta.title_zh) && explained.contains(meta.title_en));
    }
}
