//! The catalogue as a product: the list of rules and their documentation, rendered for people
//! (`nianbao rules`, `nianbao explain CODE`), for programs (JSON) and for the repository
//! (`docs/rules.md`, Markdown).
//!
//! Everything here is read from [`REGISTRY`] and each rule's own doc comment, so the printed
//! catalogue cannot drift from the code. The binary only picks a renderer and prints.

use std::fmt::Write as _;

use serde::Serialize;

use crate::i18n::{Lang, Localized};
use crate::rules::cross::CROSS_REGISTRY;
use crate::rules::docs::{reflow_markdown, terminal_lines, LineKind, Section};
use crate::rules::{Group, RuleMeta, REGISTRY};
use crate::sanitize::pad_to_width;

/// The groups in catalogue order.
pub const GROUPS: [Group; 10] = [
    Group::Reading,
    Group::Structure,
    Group::TitleAndDates,
    Group::Cells,
    Group::Identities,
    Group::TextVsTables,
    Group::Completeness,
    Group::Across,
    Group::Plausibility,
    Group::Inbox,
];

/// The generated catalogue files of the repository, one per language: the file and the
/// command that regenerates it.
pub const DOCS_FILES: [(Lang, &str, &str); 2] = [
    (
        Lang::En,
        "docs/rules.md",
        "cargo run -q -- --lang en rules --format markdown > docs/rules.md",
    ),
    (
        Lang::Zh,
        "docs/rules.zh.md",
        "cargo run -q -- --lang zh rules --format markdown > docs/rules.zh.md",
    ),
];

/// The metadata of every registered rule, in catalogue order: the single-report rules, then
/// the cross-report ones.
pub fn metas() -> impl Iterator<Item = &'static RuleMeta> {
    REGISTRY
        .iter()
        .map(|rule| rule.meta())
        .chain(CROSS_REGISTRY.iter().map(|rule| rule.meta()))
}

/// The group with this code (`B0` … `B8`, any case).
pub fn group_by_code(code: &str) -> Option<Group> {
    GROUPS
        .into_iter()
        .find(|g| g.code().eq_ignore_ascii_case(code))
}

/// The catalogue as an aligned table: code, default severity, group, Chinese and English title.
pub fn render_text(lang: Lang) -> String {
    let headers = [
        lang.pick("代码", "code"),
        lang.pick("级别", "severity"),
        lang.pick("分组", "group"),
        lang.pick("中文标题", "Chinese title"),
        lang.pick("英文标题", "English title"),
    ];
    let rows: Vec<[String; 5]> = metas()
        .map(|m| {
            [
                m.code.to_string(),
                m.severity.label(lang).to_string(),
                m.group.code().to_string(),
                m.title_zh.to_string(),
                m.title_en.to_string(),
            ]
        })
        .collect();
    let mut widths = headers.map(unicode_width::UnicodeWidthStr::width);
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(unicode_width::UnicodeWidthStr::width(cell.as_str()));
        }
    }
    let line = |cells: [&str; 5]| -> String {
        let mut text = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                text.push_str(cell);
            } else {
                text.push_str(&pad_to_width(cell, widths[i]));
                text.push_str("  ");
            }
        }
        text.trim_end().to_string()
    };
    let mut out = String::new();
    let _ = writeln!(out, "{}", line(headers));
    let mut group = None;
    for (meta, row) in metas().zip(&rows) {
        if group != Some(meta.group) {
            group = Some(meta.group);
            let _ = writeln!(
                out,
                "\n{} {}",
                meta.group.code(),
                meta.group.name().get(lang)
            );
        }
        let _ = writeln!(out, "{}", line(row.each_ref().map(String::as_str)));
    }
    let count = rows.len();
    let _ = writeln!(
        out,
        "\n{}",
        match lang {
            Lang::Zh => format!("共 {count} 条规则。查看某条规则的说明：nianbao explain 代码"),
            Lang::En => format!("{count} rules. One rule's documentation: nianbao explain CODE"),
        }
    );
    out
}

/// One rule as the JSON catalogue lists it.
#[derive(Debug, Serialize)]
pub struct RuleEntry {
    pub code: &'static str,
    pub severity: crate::flag::Severity,
    pub group: &'static str,
    pub group_name: Localized,
    pub title: Localized,
    pub file: &'static str,
    pub summary: Localized,
    /// The documentation's sections in catalogue order, keyed by their English heading, each
    /// body in both languages as Markdown (the examples are the same in both).
    pub doc: serde_json::Map<String, serde_json::Value>,
}

impl RuleEntry {
    pub fn of(meta: &'static RuleMeta) -> RuleEntry {
        let doc = meta.doc();
        let sections = Section::ALL
            .into_iter()
            .map(|section| {
                let body = |lang| doc.body(section, lang).unwrap_or_default();
                (
                    section.heading(Lang::En).to_string(),
                    serde_json::json!({ "zh": body(Lang::Zh), "en": body(Lang::En) }),
                )
            })
            .collect();
        RuleEntry {
            code: meta.code,
            severity: meta.severity,
            group: meta.group.code(),
            group_name: meta.group.name(),
            title: meta.title(),
            file: meta.file,
            summary: doc.summary,
            doc: sections,
        }
    }
}

/// The catalogue as a JSON array, one object per rule, in catalogue order.
pub fn render_json() -> String {
    let entries: Vec<RuleEntry> = metas().map(RuleEntry::of).collect();
    let mut text = serde_json::to_string_pretty(&entries).unwrap_or_else(|_| "[]".to_string());
    text.push('\n');
    text
}

/// The catalogue as Markdown in `lang`: an index, then every rule's full documentation, group
/// by group. These are the files of [`DOCS_FILES`].
pub fn render_markdown(lang: Lang) -> String {
    let mut out = String::new();
    let command = DOCS_FILES
        .iter()
        .find(|(l, _, _)| *l == lang)
        .map_or("", |(_, _, command)| command);
    let _ = writeln!(out, "{}\n", lang.pick("# 规则目录", "# Rule catalogue"));
    let _ = writeln!(
        out,
        "<!-- {}\n     {command}\n-->\n",
        lang.pick(
            "由各规则源文件的文档注释生成，请勿手工编辑。重新生成：",
            "Generated from the rules' own doc comments; do not edit by hand. Regenerate with:"
        )
    );
    let count = metas().count();
    let _ = writeln!(
        out,
        "{}\n",
        match lang {
            Lang::Zh => format!(
                "nianbao 执行的全部规则，按目录顺序排列，附 `nianbao explain 代码` 输出的说明。\
                 所列级别为默认级别；`nianbao.toml` 可以选用、忽略规则或调整级别（见 README）。\
                 English: [rules.md](rules.md)。共 {count} 条规则。"
            ),
            Lang::En => format!(
                "Every rule nianbao runs, in catalogue order, with the documentation that \
                 `nianbao explain CODE` prints. Severities are the defaults; a `nianbao.toml` \
                 can select, ignore and re-grade rules (see the README). 中文：\
                 [rules.zh.md](rules.zh.md). {count} rules."
            ),
        }
    );
    let _ = writeln!(
        out,
        "{}",
        lang.pick(
            "| 代码 | 级别 | 标题 | Title |",
            "| Code | Severity | 标题 | Title |"
        )
    );
    let _ = writeln!(out, "|---|---|---|---|");
    for group in GROUPS {
        let mut rules = metas().filter(|m| m.group == group).peekable();
        if rules.peek().is_none() {
            continue;
        }
        let name = group.name();
        let _ = writeln!(
            out,
            "| **{}** | | **{}** | **{}** |",
            group.code(),
            name.zh,
            name.en
        );
        for meta in rules {
            let _ = writeln!(
                out,
                "| [`{code}`](#{code}) | {} | {} | {} |",
                meta.severity.label(lang),
                meta.title_zh,
                meta.title_en,
                code = meta.code
            );
        }
    }
    for group in GROUPS {
        let mut rules = metas().filter(|m| m.group == group).peekable();
        if rules.peek().is_none() {
            continue;
        }
        let name = group.name();
        let _ = writeln!(out, "\n## {}. {}", group.code(), name.get(lang));
        for meta in rules {
            let doc = meta.doc();
            let _ = writeln!(out, "\n### `{}`\n", meta.code);
            let _ = writeln!(
                out,
                "**{}** / {} · {} **{}** · [`{}`](../{})\n",
                meta.title_zh,
                meta.title_en,
                lang.pick("默认级别", "default severity"),
                meta.severity.label(lang),
                meta.file,
                meta.file
            );
            let _ = writeln!(out, "{}", doc.summary.get(lang));
            for (section, body) in doc.sections_in(lang) {
                let body = reflow_markdown(body);
                let _ = writeln!(out, "\n#### {}\n\n{body}", section.heading(lang));
            }
        }
    }
    out
}

/// A rule's documentation for the terminal, in `lang`: titles, group, severity, the summary
/// and every section, the Markdown rendered as plain lines ([`terminal_lines`]).
pub fn render_explain(meta: &RuleMeta, lang: Lang) -> String {
    let doc = meta.doc();
    let mut out = String::new();
    let _ = writeln!(out, "{}", meta.code);
    let _ = writeln!(out, "  {}", meta.title_zh);
    let _ = writeln!(out, "  {}", meta.title_en);
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{}{} {}",
        lang.pick("分组：", "Group: "),
        meta.group.code(),
        meta.group.name().get(lang)
    );
    let _ = writeln!(
        out,
        "{}{}",
        lang.pick("默认级别：", "Default severity: "),
        meta.severity.label(lang)
    );
    let _ = writeln!(out, "{}{}", lang.pick("源文件：", "Source: "), meta.file);
    let _ = writeln!(out, "\n{}", doc.summary.get(lang));
    for (section, body) in doc.sections_in(lang) {
        let _ = writeln!(out, "\n{}", section.heading(lang));
        for (kind, line) in terminal_lines(body) {
            let indent = match kind {
                LineKind::Blank => "",
                LineKind::Code => "      ",
                _ => "  ",
            };
            let _ = writeln!(out, "{indent}{line}");
        }
    }
    out
}

/// The registered codes closest to a mistyped one, best first (at most three).
pub fn suggest(code: &str) -> Vec<&'static str> {
    let wanted = code.trim().to_lowercase();
    let limit = (wanted.chars().count() / 3).max(2);
    let mut scored: Vec<(usize, &'static str)> = metas()
        .filter_map(|meta| {
            let distance = strsim::levenshtein(&wanted, meta.code);
            let related = !wanted.is_empty()
                && wanted.chars().count() >= 3
                && (meta.code.contains(wanted.as_str()) || wanted.contains(meta.code));
            (distance <= limit || related).then_some((distance, meta.code))
        })
        .collect();
    scored.sort();
    scored.into_iter().take(3).map(|(_, code)| code).collect()
}

/// The message for a code that is not in the catalogue, with the closest codes.
pub fn unknown_code_message(code: &str) -> Localized {
    let suggestions = suggest(code);
    let list = suggestions
        .iter()
        .map(|c| format!("`{c}`"))
        .collect::<Vec<_>>();
    let (zh_hint, en_hint) = if list.is_empty() {
        (
            "；用 `nianbao rules` 列出全部规则".to_string(),
            "; `nianbao rules` lists them all".to_string(),
        )
    } else {
        (
            format!("；是否要找 {}？", list.join("、")),
            format!("; did you mean {}?", list.join(", ")),
        )
    };
    Localized::new(
        format!("没有代码为 `{code}` 的规则{zh_hint}"),
        format!("no rule has the code `{code}`{en_hint}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_codes() {
        assert_eq!(suggest("period-revresed").first(), Some(&"period-reversed"));
        assert_eq!(suggest("tabel3-balance").first(), Some(&"table3-balance"));
        assert!(suggest("period").contains(&"period-missing"));
        assert!(suggest("zzzzzzzzzzzz").is_empty());
    }

    #[test]
    fn text_lists_every_rule_in_both_languages() {
        for lang in [Lang::Zh, Lang::En] {
            let text = render_text(lang);
            for meta in metas() {
                let row = text
                    .lines()
                    .find(|l| l.split_whitespace().next() == Some(meta.code))
                    .unwrap_or_else(|| panic!("{} not listed", meta.code));
                assert!(row.contains(meta.title_zh) && row.contains(meta.title_en));
                assert!(row.contains(meta.severity.label(lang)));
            }
        }
    }

    #[test]
    fn explain_speaks_the_language_asked_for() {
        let meta = crate::rules::find("period-reversed").map(|r| r.meta());
        let Some(meta) = meta else {
            panic!("period-reversed is registered")
        };
        let zh = render_explain(meta, Lang::Zh);
        assert!(zh.contains("检查内容") && zh.contains("统计期限首尾颠倒"));
        assert!(!zh.contains("The statistics period sentence"));
        assert!(!zh.contains("What it checks"));
        assert!(!zh.contains("```"));
        assert!(zh.contains("      报告统计期限为2023年1月1日起至2022年12月31日止。"));
        let en = render_explain(meta, Lang::En);
        assert!(en.contains("What it checks") && en.contains("Default severity: error"));
        assert!(en.contains("The statistics period sentence"));
        assert!(!en.contains("检查内容"));
    }

    #[test]
    fn explain_lays_out_markdown_tables() {
        let meta = crate::rules::find("citation-number").map(|r| r.meta());
        let Some(meta) = meta else {
            panic!("citation-number is registered")
        };
        for lang in [Lang::Zh, Lang::En] {
            let text = render_explain(meta, lang);
            assert!(!text.contains("|---"), "{text}");
            assert!(!text.contains("| 国务院令第711号 |"), "{text}");
            assert!(text.contains("国务院令第711号"));
        }
    }

    #[test]
    fn json_is_an_array_of_every_rule() {
        let value: serde_json::Value = serde_json::from_str(&render_json()).unwrap_or_default();
        let entries = value.as_array().map(Vec::len);
        assert_eq!(entries, Some(metas().count()));
        assert_eq!(value[0]["code"], REGISTRY[0].meta().code);
        assert!(value[0]["doc"]["What it checks"]["zh"].is_string());
        assert!(value[0]["summary"]["en"].is_string());
    }
}
