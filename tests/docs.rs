//! `docs/rules.md` is generated from the rules' own documentation; this test fails when the
//! committed file is stale. Regenerate with
//! `cargo run -q -- rules --format markdown > docs/rules.md`, or `NIANBAO_BLESS=1 cargo test --test docs`.

use std::path::Path;

use nianbao::rules::catalogue::{self, REGENERATE_DOCS};

#[test]
fn docs_rules_md_is_up_to_date() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let expected = catalogue::render_markdown();
    if std::env::var_os("NIANBAO_BLESS").is_some() {
        std::fs::write(&path, &expected).expect("writing docs/rules.md");
        return;
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
            "docs/rules.md is stale (first difference at line {first_difference}).\n\
             Regenerate it with:\n    {REGENERATE_DOCS}\nor:\n    NIANBAO_BLESS=1 cargo test --test docs"
        );
    }
}

#[test]
fn docs_rules_md_documents_every_rule() {
    let markdown = catalogue::render_markdown();
    for rule in nianbao::rules::REGISTRY {
        let meta = rule.meta();
        assert!(
            markdown.contains(&format!("\n### `{}`\n", meta.code)),
            "{} has no section",
            meta.code
        );
        for (heading, _) in meta.doc().sections {
            assert!(markdown.contains(&format!("#### {heading}")));
        }
    }
}
