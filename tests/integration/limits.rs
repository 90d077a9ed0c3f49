//! Reports built to flood `check`: one defect repeated thousands of times in a file. However
//! often a file repeats it, a rule lists at most `MAX_FLAGS_PER_RULE` flags on a report, and
//! the last one says how many more there were. (How fast such files are checked is measured by
//! `bench/hostile.sh`, not here.)

use std::collections::BTreeMap;
use std::path::Path;

use nianbao::flag::Flag;
use nianbao::i18n::Lang;
use nianbao::pipeline;
use nianbao::report::tables::{Doubt, MAX_ROW_CELLS, MAX_TABLE_ROWS};
use nianbao::rules::MAX_FLAGS_PER_RULE;

/// Seed 000: row layout, every section and table found.
const SEED: &str = include_str!("../../sample-reports/000_480d39c3490e058f.txt");
const SEEDS: [&str; 5] = [
    SEED,
    include_str!("../../sample-reports/001_5a1fe3ed23e367d7.txt"),
    include_str!("../../sample-reports/002_a03528d1c919b0a1.txt"),
    include_str!("../../sample-reports/003_80a41c86f4ba9762.txt"),
    include_str!("../../sample-reports/004_060f1afac52ad05c.txt"),
];

/// Seed 000 with `text` added as lines after the first line equal to `after`.
fn seed_with(after: &str, text: &str) -> String {
    let (before, rest) = SEED
        .split_once(&format!("\n{after}\n"))
        .unwrap_or_else(|| panic!("seed 000 has the line {after:?}"));
    format!("{before}\n{after}\n{text}{rest}")
}

fn flags_of(text: String) -> Vec<Flag> {
    pipeline::check_bytes(
        Path::new("."),
        Path::new("hostile.txt"),
        text.into_bytes(),
        &pipeline::CheckOptions::default(),
    )
    .flags
}

/// `(listed, unlisted)` per rule code: the flags raised, and the findings past the cap that
/// the last flag counts.
fn per_rule(flags: &[Flag]) -> BTreeMap<&'static str, (usize, u64)> {
    let mut out: BTreeMap<&str, (usize, u64)> = BTreeMap::new();
    for flag in flags {
        let entry = out.entry(flag.code).or_default();
        entry.0 += 1;
        if let Some(n) = flag.evidence.get("unlisted") {
            assert_eq!(
                entry.1, 0,
                "{}: two flags count unlisted findings",
                flag.code
            );
            entry.1 = n.as_u64().expect("a count");
        }
    }
    out
}

#[test]
fn a_table_row_copied_thousands_of_times_is_listed_to_the_cap_and_counted() {
    const ROW: &str = "\t\t2.重复申请\t0\t0\t0\t0\t0\t0\t0";
    const COPIES: usize = 3_000;
    let text = seed_with(ROW, &format!("{ROW}\n").repeat(COPIES));
    let report = pipeline::load_bytes(
        Path::new("hostile.txt"),
        text.clone().into_bytes(),
        nianbao::ingest::Limits::default(),
    );
    let table3 = report.table3.as_ref().expect("表三 is read");
    // The parser reads the table up to the cap and counts the rest.
    let unread = table3.unread.expect("rows past the cap are counted");
    assert!(table3.rows.len() + table3.extra_rows.len() <= MAX_TABLE_ROWS);
    let flags = flags_of(text);
    let rules = per_rule(&flags);
    let (listed, unlisted) = rules["table-row-extra"];
    assert_eq!(listed, MAX_FLAGS_PER_RULE);
    // One flag per extra row read, listed or counted, and one for the rows not read.
    assert_eq!(listed + unlisted as usize, table3.extra_rows.len() + 1);
    let summary = flags
        .iter()
        .find(|f| f.evidence.contains_key("unlisted"))
        .expect("a flag counts the rest");
    assert!(
        summary
            .message
            .get(Lang::Zh)
            .contains(&format!("另有 {unlisted} 处")),
        "{}",
        summary.message.get(Lang::Zh)
    );
    let not_read = flags
        .iter()
        .find(|f| f.evidence.contains_key("rows_not_read"))
        .expect("the rows not read are flagged");
    assert_eq!(not_read.evidence["rows_not_read"], unread.rows);
    // Every copy is an extra row read or a row not read.
    assert!(table3.extra_rows.len() + unread.rows >= COPIES);
    for (code, (listed, _)) in &rules {
        assert!(*listed <= MAX_FLAGS_PER_RULE, "{code}: {listed} flags");
    }
}

#[test]
fn no_rule_lists_more_than_the_cap_on_a_crawled_line() {
    // Every seed on one line (as crawlers write a page), repeated, then an enumeration that
    // skips 四 repeated 300 times on one line, both in section 一.
    let seeds: String = SEEDS.concat().replace(['\n', '\r', '\t'], " ");
    let enumeration = "一是加强组织领导；二是完善制度建设；三是强化监督检查；五是抓好队伍建设；";
    let crawled = seeds.repeat(12);
    let text = format!("{crawled}\n{}\n", enumeration.repeat(300));
    let flags = flags_of(seed_with("一、总体情况", &text));
    let rules = per_rule(&flags);
    for (code, (listed, unlisted)) in &rules {
        assert!(*listed <= MAX_FLAGS_PER_RULE, "{code}: {listed} flags");
        assert!(
            *unlisted == 0 || *listed == MAX_FLAGS_PER_RULE,
            "{code}: {unlisted} unlisted with only {listed} listed"
        );
    }
    // The enumeration skips 四 once per repetition, on top of the gaps in the seeds.
    let in_seeds = per_rule(&flags_of(seed_with(
        "一、总体情况",
        &format!("{crawled}\n"),
    )))["enumeration-gap"];
    assert!(in_seeds.0 < MAX_FLAGS_PER_RULE, "{in_seeds:?}");
    let (listed, unlisted) = rules["enumeration-gap"];
    assert_eq!(listed, MAX_FLAGS_PER_RULE);
    assert_eq!(listed + unlisted as usize, in_seeds.0 + 300);
}

#[test]
fn a_row_of_millions_of_cells_keeps_only_the_cap_and_leaves_the_table_unjudged() {
    const ROW: &str = "\t\t2.重复申请\t0\t0\t0\t0\t0\t0\t0";
    const CELLS: usize = 100_000;
    let wide = format!("\t\t2.重复申请{}", "\t0".repeat(CELLS));
    let text = seed_with(ROW, &wide);
    let report = pipeline::load_bytes(
        Path::new("hostile.txt"),
        text.clone().into_bytes(),
        nianbao::ingest::Limits::default(),
    );
    let table3 = report.table3.as_ref().expect("表三 is read");
    // Only the first cells of the row are kept; the table says why it is not judged.
    let widest = table3
        .rows
        .iter()
        .map(|r| r.cells.len())
        .chain(table3.extra_rows.iter().map(|r| r.values))
        .max()
        .unwrap_or(0);
    assert!(widest <= MAX_ROW_CELLS, "a row kept {widest} cells");
    assert!(
        table3
            .doubts
            .iter()
            .any(|d| matches!(d, Doubt::RowTooWide { cells, .. } if *cells > CELLS)),
        "{:?}",
        table3.doubts
    );
    let rules = per_rule(&flags_of(text));
    assert!(rules.contains_key("table-not-assessable"), "{rules:?}");
    for code in ["cell-count", "table3-row-total", "table-row-extra"] {
        assert!(
            !rules.contains_key(code),
            "{code} judged a table it could not read"
        );
    }
}
