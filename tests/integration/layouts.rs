//! Every text layout of one report gives the flags of the original.
//!
//! The seeds come in the row layout (000–002) and the cell layout (003–004). The same reports
//! rewritten as other extractors give them (`nianbao::corpus::relayout`: markdown pipe tables
//! with `##` headings, one cell per line without tabs) must be read into the same tables and
//! flagged alike. Where a layout loses something (one cell per line keeps no trace of merged
//! cells or of blank cells) the difference is stated, and the loss makes the table
//! not assessable rather than flagged wrongly. The real fixtures in `tests/fixtures/real/` are
//! public reports as extracted: a PDF through `pdftotext -layout`, and two text copies.

use std::collections::BTreeMap;
use std::path::Path;

use nianbao::corpus::relayout;
use nianbao::flag::{Flag, Severity};
use nianbao::i18n::Lang;
use nianbao::ingest::SourceEncoding;
use nianbao::report::parse::parse_text;
use nianbao::report::{Layout, Report, TableKind};
use nianbao::rules::{self, RuleSelection};

const SEEDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/sample-reports");
const REAL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/real");

fn seed(prefix: &str) -> String {
    let entry = std::fs::read_dir(SEEDS)
        .expect("sample-reports")
        .flatten()
        .find(|e| e.file_name().to_string_lossy().starts_with(prefix))
        .expect("seed file");
    std::fs::read_to_string(entry.path()).expect("seed text")
}

fn real(name: &str) -> String {
    std::fs::read_to_string(Path::new(REAL).join(name)).expect("real fixture")
}

fn flags(text: &str) -> (Report, Vec<Flag>) {
    let report = parse_text(text, SourceEncoding::Utf8);
    let flags = rules::run(&report, &RuleSelection::default());
    (report, flags)
}

/// The flags as comparable across layouts: code, severity and message; a message that names
/// a line number (the conversion leftovers' first place) by code and severity only.
fn summary(flags: &[Flag]) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for flag in flags {
        let key = if flag.code == "conversion-artifact" {
            format!("{} {}", flag.code, flag.severity)
        } else {
            format!(
                "{} {} {}",
                flag.code,
                flag.severity,
                flag.message.get(Lang::Zh)
            )
        };
        *out.entry(key).or_insert(0) += 1;
    }
    out
}

fn without(flags: &[Flag], code: &str) -> Vec<Flag> {
    flags.iter().filter(|f| f.code != code).cloned().collect()
}

#[test]
fn markdown_pipe_tables_of_the_row_layout_seeds_give_the_same_flags() {
    for prefix in ["000", "001", "002"] {
        let text = seed(prefix);
        let (_, original) = flags(&text);
        let (report, piped) = flags(&relayout(&text, Layout::Pipes));
        for kind in TableKind::ALL {
            let table = report.table(kind).expect("table read");
            assert_eq!(table.layout, Layout::Pipes, "{prefix} {kind:?}");
        }
        assert_eq!(summary(&piped), summary(&original), "{prefix}");
    }
}

#[test]
fn lines_and_columns_give_the_same_flags_but_merged_cell_drift() {
    // The row-layout seeds: one cell per line and space-aligned columns keep no merged
    // cells, so no drift to report.
    for prefix in ["000", "001"] {
        let text = seed(prefix);
        let (_, original) = flags(&text);
        assert!(original.iter().any(|f| f.code == "misaligned-row"));
        for layout in [Layout::Lines, Layout::Columns] {
            let (report, found) = flags(&relayout(&text, layout));
            assert_eq!(report.table3.as_ref().map(|t| t.layout), Some(layout));
            assert_eq!(
                summary(&found),
                summary(&without(&original, "misaligned-row")),
                "{prefix} {layout:?}"
            );
        }
    }
    // The cell-layout seeds: the same cells without their tabs.
    for prefix in ["003", "004"] {
        let text = seed(prefix);
        let (_, original) = flags(&text);
        let (report, lines) = flags(&relayout(&text, Layout::Lines));
        assert_eq!(
            report.table2.as_ref().map(|t| t.layout),
            Some(Layout::Lines)
        );
        assert_eq!(summary(&lines), summary(&original), "{prefix}");
    }
}

#[test]
fn rows_that_lose_their_blank_cells_make_the_table_not_assessable() {
    // Seed 002's short rows (six values for seven columns) are cell-count errors in the row
    // layout; one cell per line keeps no trace of which cell is missing, so 表三 is not
    // judged at all, and says why.
    let text = seed("002");
    let (_, original) = flags(&text);
    assert_eq!(
        original.iter().filter(|f| f.code == "cell-count").count(),
        11
    );
    let (report, lines) = flags(&relayout(&text, Layout::Lines));
    let t3 = report.table3.as_ref().expect("表三");
    assert!(!t3.is_confident());
    let table3_flags: Vec<&Flag> = lines
        .iter()
        .filter(|f| f.message.get(Lang::Zh).contains("表三"))
        .collect();
    assert_eq!(table3_flags.len(), 1, "{table3_flags:?}");
    assert_eq!(table3_flags[0].code, "table-not-assessable");
    assert!(table3_flags[0]
        .message
        .get(Lang::Zh)
        .contains("无法确定数值所在的列"));
    // 表二 and 表四 are read as before.
    assert!(report.table2.as_ref().is_some_and(|t| t.is_confident()));
    assert!(report.table4.as_ref().is_some_and(|t| t.is_confident()));
}

#[test]
fn shuyang_blank_columns_are_one_flag_in_rows_and_not_assessable_in_lines() {
    let text = real("shuyang-fgj-2023.txt");
    let (_, found) = flags(&text);
    let blank: Vec<&Flag> = found.iter().filter(|f| f.code == "blank-cell").collect();
    assert_eq!(blank.len(), 1, "{blank:?}");
    assert!(blank[0].message.get(Lang::Zh).contains("全部25行"));
    assert_eq!(
        blank[0].evidence["cells"].as_array().map(Vec::len),
        Some(125)
    );
    let errors = found
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    assert_eq!(errors, 1);
    // As a browser's copy of its web page: the blanks vanish, and 表三 cannot be placed.
    let (_, lines) = flags(&relayout(&text, Layout::Lines));
    assert!(!lines.iter().any(|f| f.code == "blank-cell"));
    assert!(lines.iter().any(
        |f| f.code == "table-not-assessable" && f.message.get(Lang::Zh).starts_with("表三未能")
    ));
}

#[test]
fn pdftotext_layout_tables_are_read_and_their_real_defects_found() {
    let text = real("huaian-hongze-2023.pdftotext-layout.txt");
    let (report, found) = flags(&text);
    for kind in TableKind::ALL {
        let table = report.table(kind).expect("table read");
        assert_eq!(table.layout, Layout::Columns, "{kind:?}");
        assert!(table.is_confident(), "{kind:?}: {:?}", table.doubts);
    }
    let t3 = report.table3.as_ref().expect("表三");
    assert!(t3.rows.iter().all(|r| r.has_expected_count()));
    // The wrapped label joined its row and the values on the line after it.
    assert_eq!(t3.int("t3.partial", 0), Some(4));
    assert_eq!(t3.int("t3.new", 6), Some(21));
    // 表四 as published: 行政复议 10 维持 + 1 纠正 with a 总计 of 0, and 复议后起诉 5 with 0.
    let totals: Vec<&Flag> = found.iter().filter(|f| f.code == "table4-total").collect();
    assert_eq!(totals.len(), 2, "{totals:?}");
    // No header piece cut by the layout is taken for a mislabelled column.
    assert!(!found
        .iter()
        .any(|f| f.code == "label-mismatch" && f.message.get(Lang::Zh).contains("表头")));
    assert!(!found.iter().any(|f| f.code == "table-missing"));
    // 「…以下工作：一⏎是扎实推进…二是…」: the list starts at one, the line break cut its marker.
    assert!(
        !found.iter().any(|f| f.code == "enumeration-gap"),
        "{:?}",
        found.iter().find(|f| f.code == "enumeration-gap")
    );
}

#[test]
fn a_clean_real_report_stays_clean_in_every_layout() {
    let text = real("huaian-szf-2024.txt");
    for layout in [Layout::Rows, Layout::Pipes, Layout::Lines] {
        let (_, found) = flags(&relayout(&text, layout));
        let serious: Vec<String> = found
            .iter()
            .filter(|f| f.severity >= Severity::Warning)
            .map(|f| format!("{} {}", f.code, f.message.get(Lang::Zh)))
            .collect();
        assert!(serious.is_empty(), "{layout:?}: {serious:?}");
    }
}

#[test]
fn a_browser_copy_of_the_real_web_page_is_read_without_false_alarms() {
    // shuyang-fgj-2023.html as a browser's copy gives it: every cell of every table on a line
    // of its own. 表二 and 表四 are read; 表三's blank 法人 cells left no trace, so 表三 is not
    // judged (one info) instead of 25 cell-count errors and 25 table-row-extra warnings.
    let text = real("shuyang-fgj-2023.browser-copy.txt");
    let (report, found) = flags(&text);
    let t2 = report.table2.as_ref().expect("表二");
    assert_eq!(t2.layout, Layout::Lines);
    assert!(t2.is_confident());
    assert_eq!(t2.int("t2.normative", 2), Some(18));
    let t4 = report.table4.as_ref().expect("表四");
    assert!(t4.is_confident());
    assert_eq!(t4.rows[0].cells.len(), 15);
    let t3 = report.table3.as_ref().expect("表三");
    assert!(!t3.is_confident());
    let errors: Vec<String> = found
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| format!("{} {}", f.code, f.message.get(Lang::Zh)))
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let codes: Vec<&str> = found
        .iter()
        .filter(|f| f.severity == Severity::Warning)
        .map(|f| f.code)
        .collect();
    assert_eq!(codes, ["label-mismatch", "section-title"]);
    assert_eq!(
        found
            .iter()
            .filter(|f| f.code == "table-not-assessable")
            .count(),
        1
    );
}

#[test]
fn whitespace_collapsed_text_is_read_where_unambiguous_and_says_what_was_not() {
    // The hongze report as a crawler dumps it: one line, every run of whitespace one space.
    // Its tables are read from inside the line, and 表四's two real defects are found there.
    let text = real("huaian-hongze-2023.collapsed.txt");
    let (report, found) = flags(&text);
    assert_eq!(report.doc.line_count(), 1);
    assert!(report.is_collapsed());
    for kind in TableKind::ALL {
        let table = report.table(kind).expect("table read");
        assert_eq!(table.layout, Layout::Collapsed, "{kind:?}");
        assert!(table.is_confident(), "{kind:?}: {:?}", table.doubts);
    }
    let totals: Vec<&Flag> = found.iter().filter(|f| f.code == "table4-total").collect();
    assert_eq!(totals.len(), 2);
    assert_eq!(totals[0].location.line, Some(1));
    // What could not be read is said once, as an info; nothing is claimed missing.
    let structure: Vec<&Flag> = found
        .iter()
        .filter(|f| f.code == "section-missing")
        .collect();
    assert_eq!(structure.len(), 1);
    assert_eq!(structure[0].severity, Severity::Info);
    // The title is the line's opening words, up to 年度报告 and the space the dump left there.
    let title = report
        .title
        .as_ref()
        .expect("title read from the opening words");
    assert_eq!(title.text, "洪泽区人民政府 2023 年政府信息公开工作年度报告");
    assert_eq!(title.agency.as_deref(), Some("洪泽区人民政府"));
    assert_eq!(title.year, Some(2023));
    assert!(structure[0]
        .message
        .get(Lang::En)
        .contains("the title and the tables were read"));
    for code in [
        "title-missing",
        "unfinished-text",
        "table-missing",
        "table-row-missing",
    ] {
        assert!(!found.iter().any(|f| f.code == code), "{code}");
    }

    // Labels and numbers run together without a space cannot be told apart: the tables are
    // not judged, and say why.
    let text = real("shuyang-fgj-2023.run-together.txt");
    let (_, found) = flags(&text);
    let serious: Vec<String> = found
        .iter()
        .filter(|f| f.severity >= Severity::Warning)
        .map(|f| format!("{} {}", f.code, f.message.get(Lang::Zh)))
        .collect();
    assert!(serious.is_empty(), "{serious:?}");
    let doubts: Vec<&Flag> = found
        .iter()
        .filter(|f| f.code == "table-not-assessable")
        .collect();
    assert_eq!(doubts.len(), 2);
    assert!(doubts[0]
        .message
        .get(Lang::Zh)
        .contains("标签与数字连在一起"));
}

#[test]
fn every_line_has_its_role_on_the_report_whatever_the_layout() {
    use nianbao::report::LineRole;
    // One cell per line: the table rows have no tab, and are table rows all the same.
    let text = real("shuyang-fgj-2023.browser-copy.txt");
    let (report, _) = flags(&text);
    let role_of = |report: &Report, needle: &str| {
        let line = report
            .doc
            .lines()
            .find(|l| l.raw.trim() == needle)
            .unwrap_or_else(|| panic!("line {needle}"));
        report.line_role(line.no)
    };
    for cell in [
        "一、本年新收政府信息公开申请数量",
        "26",
        "（七）总计",
        "规范性文件",
    ] {
        assert_eq!(role_of(&report, cell), LineRole::TableRow, "{cell}");
    }
    let t3 = report.table(TableKind::Table3).expect("表三");
    assert!((t3.first_line..=t3.last_line)
        .all(|no| report.is_table_line(no) || report.line_role(no) == LineRole::Blank));
    assert_eq!(
        role_of(&report, "二、主动公开政府信息情况"),
        LineRole::Heading
    );
    assert_eq!(role_of(&report, "2024年1月17日"), LineRole::Signature);
    let prose = report
        .doc
        .lines()
        .find(|l| l.raw.starts_with("2023年，我局严格审签程序"))
        .expect("prose line");
    assert_eq!(report.line_role(prose.no), LineRole::Prose);
    // Web chrome before the report.
    let (report, _) = flags(&real("publication-date-shuyang-2023.txt"));
    assert_eq!(
        role_of(&report, "当前位置：首页 > 信息公开 > 政府信息公开年报"),
        LineRole::Chrome
    );
    // Space-aligned columns: the wrapped label lines of 表三 are rows, not prose.
    let (report, _) = flags(&real("huaian-hongze-2023.pdftotext-layout.txt"));
    let line = report
        .doc
        .lines()
        .find(|l| l.raw.trim() == "计其他情形）")
        .expect("wrapped label");
    assert!(report.is_table_line(line.no));
    // Collapsed text: the one line holds prose too.
    let (report, _) = flags(&real("huaian-hongze-2023.collapsed.txt"));
    assert_eq!(report.line_role(1), LineRole::Prose);
}

#[test]
fn cells_each_ended_by_a_tab_are_one_cell_per_line() {
    // The shuyang web page as another crawler saved it: every cell on a line of its own, ended
    // by a tab except the last of its row. It reads like the browser copy: 表二 and 表四 are
    // judged, 表三 (blank cells left no trace) is not — not three tables of cells read as rows.
    let (report, found) = flags(&real("shuyang-fgj-2023-web.txt"));
    let (copy, copied) = flags(&real("shuyang-fgj-2023.browser-copy.txt"));
    for kind in TableKind::ALL {
        let table = report.table(kind).expect("table read");
        assert_eq!(table.layout, Layout::Lines, "{kind:?}");
        let same = copy.table(kind).expect("table of the copy");
        assert_eq!(table.is_confident(), same.is_confident(), "{kind:?}");
    }
    let t2 = report.table2.as_ref().expect("表二");
    assert_eq!(t2.int("t2.normative", 2), Some(18));
    let codes = |flags: &[Flag]| {
        let mut codes: Vec<(&str, Severity)> = flags.iter().map(|f| (f.code, f.severity)).collect();
        codes.sort();
        codes
    };
    assert_eq!(codes(&found), codes(&copied));
}
