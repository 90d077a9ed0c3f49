//! A flag's evidence as the agency reads it: where the flag is in the report's structure
//! ([`place`]) and what was found, in words ([`evidence`]). The one renderer of evidence for
//! people: the dashboard's Detail pane, csv, xlsx and notices.

use super::{location, plain};
use crate::flag::{Evidence, Location};
use crate::i18n::Lang;

/// The evidence keys that say where in the report's structure a flag is; [`place`] shows them
/// and [`evidence`] leaves them out.
const PLACE_KEYS: [&str; 5] = ["table", "section", "row", "column", "where"];

/// Where a flag is, as the agency sees its report: the table, row and column or the section
/// the evidence names, then the line — 「表三“（一）予以公开”行 自然人列（第120行）」,
/// 「二、主动公开政府信息情况（第3行）」. When the flag's cell is in a table of a structured
/// file (.docx, .xlsx, .html), the row is counted as in that table and the page follows —
/// 「表三 第12行“（一）予以公开” 自然人列（第3页）」. Only the line when the evidence names no
/// place.
pub fn place(evidence: &Evidence, at: Option<Location>, lang: Lang) -> String {
    let part = |key: &str| evidence.get(key).map(words).filter(|t| !t.is_empty());
    let table = part("table");
    // The file's own row number, when the flag's cell is in the table the evidence names.
    let source = at.and_then(|at| at.source).filter(|source| {
        table.as_deref().is_some_and(|key| {
            source
                .template_table
                .is_some_and(|n| key == format!("t{n}"))
        })
    });
    let mut parts = Vec::new();
    if let Some(table) = &table {
        parts.push(table_name(table, lang));
    }
    if let Some(section) = part("section") {
        parts.push(section);
    }
    let row_number = source.map(|source| source.rows_text(lang));
    match (part("row"), row_number, lang) {
        (Some(row), Some(number), Lang::Zh) => parts.push(format!("{number}“{row}”")),
        (Some(row), Some(number), Lang::En) => parts.push(format!("{number} “{row}”")),
        (Some(row), None, Lang::Zh) => parts.push(format!("“{row}”行")),
        (Some(row), None, Lang::En) => parts.push(format!("row “{row}”")),
        (None, Some(number), _) => parts.push(number),
        (None, None, _) => {}
    }
    if let Some(column) = part("column") {
        parts.push(match lang {
            Lang::Zh => format!("{column}列"),
            Lang::En => format!("column {column}"),
        });
    }
    if let Some(place) = part("where") {
        parts.push(place);
    }
    // The line of the extracted text, or, for a cell placed in its file, only the page: the
    // table, row and column are said above.
    let line = match source {
        Some(source) => source
            .page
            .map_or_else(String::new, |page| crate::flag::page_text(page, lang)),
        None => location(at, lang),
    };
    let structure = plain(&parts.join(lang.pick(" ", ", ")));
    match (structure.is_empty(), line.is_empty()) {
        (true, _) => line,
        (false, true) => structure,
        (false, false) => match lang {
            Lang::Zh => format!("{structure}（{line}）"),
            Lang::En => format!("{structure} ({line})"),
        },
    }
}

/// A table's name from its evidence key (`t3` → 表三 / Table 3).
fn table_name(key: &str, lang: Lang) -> String {
    crate::report::tables::TableKind::ALL
        .iter()
        .find(|kind| kind.key() == key)
        .map_or_else(
            || key.to_string(),
            |kind| lang.pick(kind.name_zh(), kind.name_en()).to_string(),
        )
}

/// Evidence in words, on one line: `开始日期：2023-01-01；结束日期：2022-12-31`. A failed
/// identity is one sentence with both sides, 「本年新收 62 + 上年结转 0 ≠ 总计 61 + 结转 0」. Lists
/// are joined with 、, nested records written as `名称：值`; no JSON syntax reaches the reader
/// (the json export keeps the structure). The keys [`place`] shows are left out. This is the
/// one renderer of evidence for people: the dashboard's Detail pane, csv, xlsx and notices.
pub fn evidence(evidence: &Evidence, lang: Lang) -> String {
    let identity = identity(evidence, lang);
    // The likely wrong cell (`suspect`) is already the last sentence of the flag's message,
    // said in words by the rule; its structure is for the json export, not for people.
    let hidden = |name: &str| {
        PLACE_KEYS.contains(&name)
            || name == "suspect"
            || (identity.is_some() && IDENTITY_KEYS.contains(&name))
    };
    let parts: Vec<String> = identity
        .clone()
        .into_iter()
        .chain(
            evidence
                .iter()
                .filter(|(name, _)| !hidden(name))
                .map(|(name, value)| {
                    let value = words(value);
                    match lang {
                        Lang::Zh => format!("{}：{value}", evidence_label(name, lang)),
                        Lang::En => format!("{}: {value}", evidence_label(name, lang)),
                    }
                }),
        )
        .collect();
    plain(&parts.join(lang.pick("；", "; ")))
}

/// The evidence keys of a failed identity (table3-*, table4-total), which [`identity`] turns
/// into one sentence.
const IDENTITY_KEYS: [&str; 10] = [
    "group",
    "left",
    "right",
    "left_sum",
    "right_sum",
    "outcomes",
    "columns",
    "results",
    "sum",
    "total",
];

/// A failed identity as a sentence with both sides, led by where it is evaluated: terms
/// against terms (table3-balance), 「表三“自然人”列：本年新收 62 + 上年结转 0 ≠ 总计 61 + 结转 0」,
/// or the terms, their sum and the total written in the report (the other identities). `None`
/// when the evidence is not an identity's.
fn identity(evidence: &Evidence, lang: Lang) -> Option<String> {
    let side = |key: &str| evidence.get(key).and_then(terms);
    let sentence = if let (Some(left), Some(right)) = (side("left"), side("right")) {
        format!("{left} ≠ {right}")
    } else {
        let parts = ["outcomes", "columns", "results"]
            .iter()
            .find_map(|key| side(key))?;
        let (sum, total) = (evidence.get("sum")?, evidence.get("total")?);
        format!(
            "{parts} = {} ≠ {} {}",
            words(sum),
            lang.pick("总计", "total"),
            words(total)
        )
    };
    Some(match identity_scope(evidence, lang) {
        Some(scope) => format!("{scope}{}{sentence}", lang.pick("：", ": ")),
        None => sentence,
    })
}

/// Where an identity is evaluated, from its evidence: 「表三“自然人”列」, 「表三“（七）总计”行」,
/// 「表四“行政复议”」 / "Table 3, column “自然人”". `None` without a column, row or group (a
/// flag of an older version may lack the table; the scope is then said without it).
fn identity_scope(evidence: &Evidence, lang: Lang) -> Option<String> {
    let part = |key: &str| evidence.get(key).map(words).filter(|t| !t.is_empty());
    let table = part("table").map(|key| table_name(&key, lang));
    let scope = match (part("column"), part("row"), lang) {
        (Some(column), _, Lang::Zh) => format!("“{column}”列"),
        (Some(column), _, Lang::En) => format!("column “{column}”"),
        (None, Some(row), Lang::Zh) => format!("“{row}”行"),
        (None, Some(row), Lang::En) => format!("row “{row}”"),
        (None, None, _) => format!("“{}”", part("group")?),
    };
    Some(match (table, lang) {
        (Some(table), Lang::Zh) => format!("{table}{scope}"),
        (Some(table), Lang::En) => format!("{table}, {scope}"),
        (None, _) => scope,
    })
}

/// Whether [`evidence`] already says where the flag is (a failed identity names its table and
/// column, row or group), so that a view showing the [`place`] beside it need not repeat it.
pub fn evidence_names_place(evidence: &Evidence) -> bool {
    identity(evidence, Lang::Zh).is_some_and(|_| identity_scope(evidence, Lang::Zh).is_some())
}

/// Terms of a sum, `[{"label": "本年新收", "value": 62}, …]`, written as in the report's arithmetic:
/// 「本年新收 62 + 上年结转 0」. `None` for any other value.
fn terms(value: &serde_json::Value) -> Option<String> {
    let items = value.as_array().filter(|items| !items.is_empty())?;
    let terms = items
        .iter()
        .map(|item| {
            let fields = item.as_object().filter(|fields| fields.len() == 2)?;
            let label = fields.get("label")?.as_str()?;
            let value = fields
                .get("value")
                .filter(|v| v.is_number() || v.is_string())?;
            Some(format!("{label} {}", words(value)))
        })
        .collect::<Option<Vec<_>>>()?;
    Some(terms.join(" + "))
}

/// A JSON value as words: strings as they are, terms of a sum as `本年新收 62 + 上年结转 0`,
/// other lists joined with 、, records as `名称：值`.
fn words(value: &serde_json::Value) -> String {
    use serde_json::Value;
    match value {
        Value::Null => String::new(),
        Value::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(text) => text.clone(),
        Value::Array(items) => {
            terms(value).unwrap_or_else(|| items.iter().map(words).collect::<Vec<_>>().join("、"))
        }
        Value::Object(fields) => fields
            .iter()
            .map(|(name, value)| format!("{}：{}", evidence_label(name, Lang::Zh), words(value)))
            .collect::<Vec<_>>()
            .join("，"),
    }
}

/// What an evidence key means, for people. Keys without a label are shown with their
/// underscores as spaces.
fn evidence_label(name: &str, lang: Lang) -> String {
    const LABELS: &[(&str, &str, &str)] = &[
        ("start", "开始日期", "start"),
        ("end", "结束日期", "end"),
        ("found", "实际", "found"),
        ("expected", "应为", "expected"),
        ("total", "总计", "total"),
        ("value", "数值", "value"),
        ("sum", "合计", "sum"),
        ("missing", "缺少", "missing"),
        ("text", "原文", "text"),
        ("report_year", "报告年度", "report year"),
        ("title", "标题", "title"),
        ("sentence", "原句", "sentence"),
        ("date", "日期", "date"),
        ("columns", "列", "columns"),
        ("rows", "行", "rows"),
        ("cells", "单元格", "cells"),
        ("table_cell", "表格单元格", "table cell"),
        ("table_value", "表中数值", "value in the table"),
        ("text_value", "正文数值", "value in the text"),
        ("left", "左边", "left side"),
        ("right", "右边", "right side"),
        ("right_sum", "右边合计", "right-hand sum"),
        ("published", "公开数", "published"),
        ("issued", "制发数", "issued"),
        ("valid", "有效数", "in force"),
        ("made", "制发数", "made"),
        ("lines", "行号", "lines"),
        ("first_line", "首行", "first line"),
        ("body", "正文", "body"),
        ("year", "年度", "year"),
        ("year_written", "所写年度", "year written"),
        ("written", "所写", "written"),
        ("period_year", "统计期年度", "period year"),
        ("period_end", "统计期结束", "period end"),
        ("parts", "分项", "parts"),
        ("parts_text", "分项原文", "parts as written"),
        ("sub_items", "子项", "sub-items"),
        ("order", "顺序", "order"),
        ("outcomes", "办理结果", "outcomes"),
        ("metric", "指标", "metric"),
        ("placeholder", "占位文字", "placeholder"),
        ("reason", "原因", "reason"),
        ("problem", "问题", "problem"),
        ("template", "模板", "template"),
        ("label", "名称", "label"),
        ("name", "名称", "name"),
        ("repealed", "已废止", "repealed"),
        ("repeats", "重复", "repeats"),
        ("results", "结果", "results"),
        ("scope", "范围", "scope"),
        ("role", "角色", "role"),
        ("group", "分组", "group"),
        ("skipped", "跳过", "skipped"),
        ("values", "数值", "values"),
        ("title_agency", "标题中的单位", "agency in the title"),
        ("other_readings", "其他读法", "other readings"),
        ("over_ceiling", "超出上限", "over the ceiling"),
        ("minority", "少数", "minority"),
        ("item", "项目", "item"),
        ("agency", "单位", "agency"),
        ("document", "文件", "document"),
        ("heading", "标题", "heading"),
        ("count", "数量", "count"),
        ("kinds", "类别", "kinds"),
    ];
    LABELS.iter().find(|(key, _, _)| *key == name).map_or_else(
        || name.replace(['_', '-'], " "),
        |(_, zh, en)| lang.pick(zh, en).to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::row::tests::docx_cell;

    #[test]
    fn evidence_is_one_safe_line() {
        let mut e = Evidence::new();
        e.insert("start".into(), "2023-01-01".into());
        e.insert("sum".into(), 12.into());
        e.insert("text".into(), "a\u{1b}[31m\nb".into());
        assert_eq!(
            evidence(&e, Lang::En),
            "start: 2023-01-01; sum: 12; text: a\u{FFFD}[31m b"
        );
        assert_eq!(
            evidence(&e, Lang::Zh),
            "开始日期：2023-01-01；合计：12；原文：a\u{FFFD}[31m b"
        );
    }

    /// The evidence table3-balance writes: both sides as terms, with their sums.
    fn balance_evidence() -> Evidence {
        let mut e = Evidence::new();
        e.insert("table".into(), "t3".into());
        e.insert("column".into(), "自然人".into());
        e.insert(
            "left".into(),
            serde_json::json!([{"label": "本年新收", "value": 62}, {"label": "上年结转", "value": 0}]),
        );
        e.insert(
            "right".into(),
            serde_json::json!([{"label": "总计", "value": 61}, {"label": "结转", "value": 0}]),
        );
        e.insert("left_sum".into(), 62.into());
        e.insert("right_sum".into(), 61.into());
        e
    }

    #[test]
    fn the_likely_wrong_cell_is_left_to_the_message_never_shown_as_its_structure() {
        let mut e = balance_evidence();
        let suspect = crate::report::tables::suspect::Suspect::Cell {
            name_zh: "表三“本年新收”行“自然人”列".into(),
            name_en: "table 3, row “本年新收”, column “自然人”".into(),
            line: 40,
            column: 3,
            found: 62,
            expected: 61,
        };
        e.insert(
            "suspect".into(),
            serde_json::to_value(suspect).expect("json"),
        );
        for lang in [Lang::Zh, Lang::En] {
            assert_eq!(evidence(&e, lang), evidence(&balance_evidence(), lang));
        }
    }

    #[test]
    fn a_failed_balance_reads_as_one_sentence_with_both_sides() {
        let mut e = balance_evidence();
        assert_eq!(
            evidence(&e, Lang::Zh),
            "表三“自然人”列：本年新收 62 + 上年结转 0 ≠ 总计 61 + 结转 0"
        );
        assert_eq!(
            evidence(&e, Lang::En),
            "Table 3, column “自然人”: 本年新收 62 + 上年结转 0 ≠ 总计 61 + 结转 0"
        );
        assert_eq!(place(&e, None, Lang::Zh), "表三 自然人列");
        assert!(evidence_names_place(&e));
        // A flag recorded before identities named their table: the column alone.
        e.shift_remove("table");
        assert_eq!(
            evidence(&e, Lang::Zh),
            "“自然人”列：本年新收 62 + 上年结转 0 ≠ 总计 61 + 结转 0"
        );
    }

    #[test]
    fn a_cell_of_a_structured_file_is_placed_by_its_row_in_the_agencys_table() {
        use crate::flag::SourcePlace;
        let mut e = Evidence::new();
        e.insert("table".into(), "t3".into());
        e.insert("row".into(), "（一）予以公开".into());
        e.insert("column".into(), "自然人".into());
        let cell = docx_cell();
        let at = Location {
            source: Some(cell),
            ..Location::at(120, 7)
        };
        assert_eq!(
            place(&e, Some(at), Lang::Zh),
            "表三 第12行“（一）予以公开” 自然人列（第3页）"
        );
        assert_eq!(
            place(&e, Some(at), Lang::En),
            "Table 3, row 12 “（一）予以公开”, column 自然人 (page 3)"
        );
        // Without a page, the place alone; a cell of another table than the evidence's keeps
        // the line of the extracted text and the file's own place.
        let no_page = Location {
            source: Some(SourcePlace { page: None, ..cell }),
            ..at
        };
        assert_eq!(
            place(&e, Some(no_page), Lang::Zh),
            "表三 第12行“（一）予以公开” 自然人列"
        );
        let elsewhere = Location {
            source: Some(SourcePlace {
                template_table: None,
                ..cell
            }),
            ..at
        };
        assert_eq!(
            place(&e, Some(elsewhere), Lang::Zh),
            "表三 “（一）予以公开”行 自然人列（第3页 第2个表格 第12行 第4列）"
        );
    }

    #[test]
    fn a_failed_total_reads_as_its_terms_their_sum_and_the_total() {
        let mut e = Evidence::new();
        e.insert("table".into(), "t4".into());
        e.insert("group".into(), "行政复议".into());
        e.insert(
            "results".into(),
            serde_json::json!([{"label": "维持", "value": 3}, {"label": "纠正", "value": 1}]),
        );
        e.insert("sum".into(), 4.into());
        e.insert("total".into(), 5.into());
        assert_eq!(
            evidence(&e, Lang::Zh),
            "表四“行政复议”：维持 3 + 纠正 1 = 4 ≠ 总计 5"
        );
        assert_eq!(
            evidence(&e, Lang::En),
            "Table 4, “行政复议”: 维持 3 + 纠正 1 = 4 ≠ total 5"
        );
        // A sum and a total without terms are not an identity: each is shown by its label.
        e.shift_remove("results");
        assert_eq!(evidence(&e, Lang::Zh), "分组：行政复议；合计：4；总计：5");
    }

    #[test]
    fn evidence_has_no_json_syntax_and_places_read_like_the_report() {
        let mut e = Evidence::new();
        e.insert("table".into(), "t3".into());
        e.insert("row".into(), "（一）予以公开".into());
        e.insert("column".into(), "自然人".into());
        e.insert(
            "left".into(),
            serde_json::json!([{"label": "本年新收", "value": 62}, {"label": "上年结转", "value": 0}]),
        );
        e.insert("markers_2019".into(), serde_json::json!(["一", "二"]));
        let words = evidence(&e, Lang::Zh);
        assert_eq!(
            words,
            "左边：本年新收 62 + 上年结转 0；markers 2019：一、二"
        );
        assert_eq!(
            place(&e, Some(Location::line(120)), Lang::Zh),
            "表三 “（一）予以公开”行 自然人列（第120行）"
        );
        assert_eq!(
            place(&e, None, Lang::En),
            "Table 3, row “（一）予以公开”, column 自然人"
        );
        assert_eq!(
            place(&Evidence::new(), Some(Location::line(9)), Lang::Zh),
            "第9行"
        );
    }
}
