//! `nianbao rules` and `nianbao explain`: the rule catalogue, and one rule's documentation.

use std::process::ExitCode;

use anyhow::Result;

use nianbao::i18n::Lang;
use nianbao::rules::catalogue;

use super::args::RulesFormat;
use super::print_all;

/// `nianbao rules`: every rule, as a table, JSON or the Markdown of docs/rules.md.
pub fn list(format: RulesFormat, lang: Lang) -> Result<ExitCode> {
    let text = match format {
        RulesFormat::Text => catalogue::render_text(lang),
        RulesFormat::Json => catalogue::render_json(),
        RulesFormat::Markdown => catalogue::render_markdown(lang),
    };
    print_all(&text)
}

/// `nianbao explain CODE`: one rule's documentation; an unknown code is an error.
pub fn explain(code: &str, lang: Lang) -> Result<ExitCode> {
    match nianbao::rules::meta(code.trim()) {
        Some(meta) => print_all(&catalogue::render_explain(meta, lang)),
        None => anyhow::bail!("{}", catalogue::unknown_code_message(code.trim()).get(lang)),
    }
}
