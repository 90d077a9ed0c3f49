//! The catalogue as a product: the list of rules and their documentation, rendered for people
//! (`nianbao rules`, `nianbao explain CODE`), for programs (JSON) and for the repository
//! (`docs/rules.md`, Markdown).
//!
//! Everything here is read from [`REGISTRY`] and each rule's own doc comment, so the printed
//! catalogue cannot drift from the code. The binary only picks a renderer and prints.

use std::fmt::Write as _;

use serde::Serialize;

use crate::check::output::pad_to_width;
use crate::i18n::{Lang, Localized};
use crate::rules::cross::CROSS_REGISTRY;
use crate::rules::{Group, RuleMeta, REGISTRY};

/// The groups in catalogue order.
pub const GROUPS: [Group; 9] = [
    Group::Reading,
    Group::Structure,
    Group::TitleAndDates,
    Group::Cells,
    Group::Identities,
    Group::TextVsTables,
    Group::Completeness,
    Group::Across,
    Group::Plausibility,
];

/// The command that regenerates `docs/rules.md`.
pub const REGENERATE_DOCS: &str = "cargo run -q -- rules --format markdown > docs/rules.md";

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

/// A section heading of a rule's documentation, in the chosen language.
pub fn section_heading(heading: &str, lang: Lang) -> &str {
    let zh = match heading {
        "What it checks" => "检查内容",
        "Why it matters" => "为何重要",
        "Authority" => "依据",
        "Flagged" => "会被标记",
        "Accepted" => "不会被标记",
        _ => return heading,
    };
    lang.pick(zh, heading)
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
    pub summary: String,
    /// The documentation's sections, heading → Markdown body, in the order written.
    pub doc: serde_json::Map<String, serde_json::Value>,
}

impl RuleEntry {
    pub fn of(meta: &'static RuleMeta) -> RuleEntry {
        let doc = meta.doc();
        RuleEntry {
            code: meta.code,
            severity: meta.severity,
            group: meta.group.code(),
            group_name: meta.group.name(),
            title: meta.title(),
            file: meta.file,
            summary: doc.summary,
            doc: doc
                .sections
                .into_iter()
                .map(|(heading, body)| (heading, serde_json::Value::String(body)))
                .collect(),
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

/// The catalogue as Markdown: an index, then every rule's full documentation, group by group.
/// This is `docs/rules.md`.
pub fn render_markdown() -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Rule catalogue (规则目录)\n");
    let _ = writeln!(
        out,
        "<!-- Generated from the rules' own doc comments; do not edit by hand. Regenerate with:\n     {REGENERATE_DOCS}\n-->\n"
    );
    let _ = writeln!(
        out,
        "Every rule nianbao runs, in catalogue order, with the documentation that \
         `nianbao explain CODE` prints. Severities are the defaults; a `nianbao.toml` can \
         select, ignore and re-grade rules (see the README). {} rules.\n",
        metas().count()
    );
    let _ = writeln!(out, "| Code | Severity | 标题 | Title |");
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
                meta.severity,
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
        let _ = writeln!(out, "\n## {}. {} ({})", group.code(), name.en, name.zh);
        for meta in rules {
            let doc = meta.doc();
            let _ = writeln!(out, "\n### `{}`\n", meta.code);
            let _ = writeln!(
                out,
                "**{}** / {} · default severity **{}** · [`{}`](../{})\n",
                meta.title_zh, meta.title_en, meta.severity, meta.file, meta.file
            );
            let _ = writeln!(out, "{}", doc.summary);
            for (heading, body) in &doc.sections {
                let _ = writeln!(out, "\n#### {heading}\n\n{body}");
            }
        }
    }
    out
}

/// A rule's documentation for the terminal: titles, group, severity, the summary and every
/// section, with headings in `lang` (the bodies are the English Markdown of the rule's file;
/// code fences are dropped and their contents indented).
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
    let _ = writeln!(out, "\n{}", doc.summary);
    for (heading, body) in &doc.sections {
        let _ = writeln!(out, "\n{}", section_heading(heading, lang));
        let mut fenced = false;
        for line in body.lines() {
            if line.trim_start().starts_with("```") {
                fenced = !fenced;
                continue;
            }
            if line.is_empty() {
                let _ = writeln!(out);
            } else if fenced {
                let _ = writeln!(out, "      {line}");
            } else {
                let _ = writeln!(out, "  {line}");
            }
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
            let distance = edit_distance(&wanted, meta.code);
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

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("统计", "统计"), 0);
    }

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
    fn explain_localises_headings_not_bodies() {
        let meta = crate::rules::find("period-reversed").map(|r| r.meta());
        let Some(meta) = meta else {
            panic!("period-reversed is registered")
        };
        let zh = render_explain(meta, Lang::Zh);
        assert!(zh.contains("检查内容") && zh.contains("统计期限首尾颠倒"));
        assert!(zh.contains("The statistics period sentence"));
        assert!(!zh.contains("```"));
        assert!(zh.contains("      报告统计期限为2023年1月1日起至2022年12月31日止。"));
        let en = render_explain(meta, Lang::En);
        assert!(en.contains("What it checks") && en.contains("Default severity: error"));
    }

    #[test]
    fn json_is_an_array_of_every_rule() {
        let value: serde_json::Value = serde_json::from_str(&render_json()).unwrap_or_default();
        let entries = value.as_array().map(Vec::len);
        assert_eq!(entries, Some(metas().count()));
        assert_eq!(value[0]["code"], REGISTRY[0].meta().code);
        assert!(value[0]["doc"]["What it checks"].is_string());
    }
}
