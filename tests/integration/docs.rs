//! `docs/rules.md` (English) and `docs/rules.zh.md` (Chinese) are generated from the rules' own
//! documentation; this test fails when a committed file is stale. Regenerate with the commands
//! of `catalogue::DOCS_FILES`, or `NIANBAO_BLESS=1 cargo test --test integration docs::`.

use std::path::Path;

use nianbao::i18n::Lang;
use nianbao::rules::catalogue::{self, DOCS_FILES};
use nianbao::rules::Section;

#[test]
fn docs_rules_md_is_up_to_date() {
    for (lang, file, command) in DOCS_FILES {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
        let expected = catalogue::render_markdown(lang);
        if std::env::var_os("NIANBAO_BLESS").is_some() {
            std::fs::write(&path, &expected).expect("writing the generated catalogue");
            continue;
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        // A checkout with CRLF line endings is not stale.
        let committed = committed.replace("\r\n", "\n");
        if committed != expected {
            let first_difference = committed
                .lines()
                .zip(expected.lines())
                .position(|(a, b)| a != b)
                .map_or_else(
                    || committed.lines().count().min(expected.lines().count()) + 1,
                    |i| i + 1,
                );
            panic!(
                "{file} is stale (first difference at line {first_difference}).\n\
                 Regenerate it with:\n    {command}\nor:\n    NIANBAO_BLESS=1 cargo test --test integration docs::"
            );
        }
    }
}

#[test]
fn docs_rules_md_documents_every_rule_in_its_language() {
    for lang in [Lang::En, Lang::Zh] {
        let markdown = catalogue::render_markdown(lang);
        let other = match lang {
            Lang::En => Lang::Zh,
            Lang::Zh => Lang::En,
        };
        for rule in nianbao::rules::REGISTRY {
            let meta = rule.meta();
            assert!(
                markdown.contains(&format!("\n### `{}`\n", meta.code)),
                "{} has no section",
                meta.code
            );
            let doc = meta.doc();
            assert!(markdown.contains(doc.summary.get(lang)));
            for section in Section::ALL {
                assert!(markdown.contains(&format!("#### {}\n", section.heading(lang))));
                if !section.is_shared() {
                    let foreign = doc.body(section, other).unwrap_or_default();
                    assert!(
                        !markdown.contains(foreign),
                        "{}: the {other:?} {section:?} is in the {lang:?} catalogue",
                        meta.code
                    );
                }
            }
        }
    }
}
