//! Tables that mix the 2019 and the 2021 national templates.
//!
//! 表格混用了2019年版和2021年版全国模板。
//!
//! ## What it checks
//! The markers of rules.md A4 are counted inside the tables only (「政府集中采购」 in the prose
//! of a 2021 report is not one). Markers of one part of the template vote together: each block
//! of 表二 (from its 「第二十条第（x）项」 header) and 表三's （六）其他处理. A part follows the
//! template most of its markers belong to. The report is flagged when some parts follow the
//! 2019 template and others the 2021 one: a 2021 表二 with a 第二十条第（九）项 政府集中采购
//! block, a 2019 表二 next to a 表三 with 2021's three （六） sub-rows. One flag per report: it
//! points at the first marker of the template fewer parts follow (on a tie, the template the
//! report's year does not ask for), names that template's markers, and keeps both templates'
//! markers as evidence.
//!
//! Only structural markers count: columns, rows and blocks one template has and the other has
//! not (本年新制作数量 or 本年制发件数, 其他对外管理服务事项, 第二十条第（九）项, 本年收费金额, …).
//! A row label that differs by a word a slip adds or drops is not a mix of templates:
//! 「规范性文件」 in an otherwise 2021 表二 (or 「行政规范性文件」 in a 2019 one), 「处理决定数量」 for
//! 本年处理决定数量. Those are `label-mismatch`'s warnings, and are not flagged again here. A
//! single odd label is also outvoted inside its part (「本年新制作数量」 next to 本年废止件数 and
//! 现行有效件数 is a reworded 2021 column, not a 2019 block).
//!
//! ## 检查内容
//! rules.md A4 所列的标记只在表格内计数（2021年度报告正文中的「政府集中采购」不算）。模板同一部分的
//! 标记一起投票：表二的每个区块（从其「第二十条第（x）项」表头起）和表三的「（六）其他处理」。每一
//! 部分归属于其多数标记所属的模板。一些部分属于2019年版、另一些属于2021年版时，予以标记：如2021年版
//! 表二带有「第二十条第（九）项 政府集中采购」区块，或2019年版表二与带有2021年版「（六）」三个子行
//! 的表三并存。每份报告标记一次：指向较少部分所属模板的第一个标记（票数相同时，指向与报告年度不符的
//! 模板），写明该模板的标记，并将两个模板的标记都作为证据保留。
//!
//! 只计结构性标记：一个模板有而另一个没有的列、行和区块（本年新制作数量或本年制发件数、其他对外管理
//! 服务事项、第二十条第（九）项、本年收费金额……）。行标签因笔误多一个字或少一个字，不算混用模板：基
//! 本为2021年版的表二中的「规范性文件」（或2019年版中的「行政规范性文件」）、以「处理决定数量」代替
//! 本年处理决定数量。这些属于 `label-mismatch` 的警告，这里不再标记。单个不一致的标签也会在所属部分
//! 内被多数票否决（与本年废止件数、现行有效件数并列的「本年新制作数量」，是改了措辞的2021年版列，而
//! 不是2019年版的区块）。
//!
//! ## Why it matters
//! The two templates count different things (items made and published vs documents issued,
//! repealed and in force; one （六） row vs three). A table that takes parts from both cannot be
//! summed with other agencies' figures under either template, and usually means last year's
//! table was partly copied.
//!
//! ## 为何重要
//! 两个模板统计的内容不同（制作和公开的件数，对比制发、废止和现行有效的件数；「（六）」一行对比三
//! 行）。拼合两版的表格，按哪一版都无法与其他机关的数字汇总，而且通常说明部分照抄了上年的表格。
//!
//! ## Authority
//! 国办公开办函〔2021〕30号 (from the 2021 report year on) replaces 国办公开办函〔2019〕60号 as a
//! whole; rules.md A4 (the markers of each version).
//!
//! ## 依据
//! 国办公开办函〔2021〕30号（自2021报告年度起）整体取代国办公开办函〔2019〕60号；rules.md A4（各版
//! 本的标记）。
//!
//! ## Flagged
//! ```text
//! 第二十条第（八）项
//! 信息内容	本年收费金额（单位：万元）
//! 行政事业性收费	0
//! 第二十条第（九）项
//! 信息内容	采购项目数量	采购总金额
//! 政府集中采购	0	0
//! ```
//!
//! ## Accepted
//! ```text
//! 第二十条第（一）项
//! 信息内容	本年制发件数	本年废止件数	现行有效件数
//! 规章	0	0	0
//! 规范性文件	8	0	18	(a reworded row label: label-mismatch only)
//! ```

// The examples quote report lines as extracted, with their tab-separated cells.
#![allow(clippy::tabs_in_doc_comments)]

use std::collections::BTreeMap;

use crate::flag::Location;
use crate::i18n::Lang;
use crate::report::tables::{MarkerPart, TemplateMarker};
use crate::report::{Report, TableKind, TemplateVersion};
use crate::rules::template_version::named;
use crate::rules::{Finding, Findings, Message, Rule};
use crate::text::label_key;

pub struct TemplateMixed;

impl Rule for TemplateMixed {
    crate::rule_meta!(
        "template-mixed",
        Structure,
        Error,
        "表格混用新旧模板",
        "Tables mix the 2019 and 2021 templates"
    );

    fn check(&self, report: &Report, findings: &mut Findings<'_>) {
        // A part votes for a template only with markers of it: when every structural marker
        // is of one template, no part follows the other and there is no mix to find. Most
        // reports are so, and are left before their markers are gathered into parts.
        if !holds_both_templates(report) {
            return;
        }
        // Votes per part: (2019 markers, 2021 markers), and the markers themselves.
        let mut parts: BTreeMap<(TableKind, MarkerPart), (u32, u32, Vec<&TemplateMarker>)> =
            BTreeMap::new();
        for table in TableKind::ALL.iter().filter_map(|k| report.table(*k)) {
            for marker in table.markers.iter().filter(|m| m.structural) {
                let part = parts.entry((table.kind, marker.part)).or_default();
                match marker.version {
                    TemplateVersion::V2019 => part.0 += 1,
                    TemplateVersion::V2021 => part.1 += 1,
                }
                part.2.push(marker);
            }
        }
        let mut by_version: [Vec<&TemplateMarker>; 2] = [Vec::new(), Vec::new()];
        let mut part_count = [0usize; 2];
        for (v2019, v2021, markers) in parts.into_values() {
            let version = match v2019.cmp(&v2021) {
                std::cmp::Ordering::Greater => TemplateVersion::V2019,
                std::cmp::Ordering::Less => TemplateVersion::V2021,
                std::cmp::Ordering::Equal => continue,
            };
            let slot = index(version);
            part_count[slot] += 1;
            by_version[slot].extend(markers.into_iter().filter(|m| m.version == version));
        }
        if part_count.contains(&0) {
            return;
        }
        // The intruder is the template fewer parts follow; on a tie, the one the report's year
        // does not ask for, else the one with fewer markers.
        let expected = report.year.map(TemplateVersion::expected_for);
        let minority = match part_count[0].cmp(&part_count[1]) {
            std::cmp::Ordering::Less => TemplateVersion::V2019,
            std::cmp::Ordering::Greater => TemplateVersion::V2021,
            std::cmp::Ordering::Equal => match expected {
                Some(TemplateVersion::V2019) => TemplateVersion::V2021,
                Some(TemplateVersion::V2021) => TemplateVersion::V2019,
                None if by_version[0].len() <= by_version[1].len() => TemplateVersion::V2019,
                None => TemplateVersion::V2021,
            },
        };
        let majority = other(minority);
        let intruders = &by_version[index(minority)];
        let Some(first) = intruders
            .iter()
            .min_by_key(|m| (m.label.line, m.label.column))
        else {
            return;
        };
        let list = |markers: &[&TemplateMarker]| -> Vec<String> {
            let mut labels: Vec<String> = Vec::with_capacity(markers.len());
            for marker in markers {
                if !labels.iter().any(|l| *l == marker.label.raw) {
                    labels.push(marker.label.raw.to_string());
                }
            }
            labels
        };
        let (found_minority, found_majority) =
            (list(intruders), list(&by_version[index(majority)]));
        let mut key: Vec<String> = found_minority.iter().map(|l| label_key(l)).collect();
        key.sort_unstable();
        key.dedup();
        findings.report(
            Finding::typed(
                Location::span(
                    first.label.line,
                    first.label.column,
                    first.label.len().max(1),
                ),
                Mixed {
                    majority,
                    majority_parts: part_count[index(majority)],
                    minority,
                    minority_parts: part_count[index(minority)],
                    intruders: found_minority.clone(),
                },
            )
            .evidence("majority", majority.as_str())
            .evidence("minority", minority.as_str())
            .evidence("markers_majority", found_majority)
            .evidence("markers_minority", found_minority)
            .key(minority.as_str())
            .key(key.join("|")),
        );
    }
}

/// Tables whose parts follow two templates: `majority_parts` the `majority`, and
/// `minority_parts` the `minority`, whose markers are the labels `intruders`.
#[derive(Debug)]
struct Mixed {
    majority: TemplateVersion,
    majority_parts: usize,
    minority: TemplateVersion,
    minority_parts: usize,
    intruders: Vec<String>,
}

impl Message for Mixed {
    fn message(&self, lang: Lang) -> String {
        let Mixed {
            majority,
            majority_parts,
            minority,
            minority_parts,
            intruders,
        } = self;
        let majority = named(*majority, lang);
        match lang {
            Lang::Zh => format!(
                "表格混用了两版模板：{majority_parts}处为{majority}，另有{minority_parts}处为{}年版格式（{}：{}）",
                minority.as_str(),
                minority.document(),
                intruders.join("、"),
            ),
            Lang::En => format!(
                "the tables mix the two templates: {majority_parts} part(s) follow {majority}, \
                 {minority_parts} part(s) the {} template ({}: {})",
                minority.as_str(),
                minority.document(),
                intruders.join(", "),
            ),
        }
    }
}

/// Whether the tables hold structural markers of both templates: the only reports on which
/// parts can follow different templates.
fn holds_both_templates(report: &Report) -> bool {
    let mut versions = TableKind::ALL
        .iter()
        .filter_map(|k| report.table(*k))
        .flat_map(|table| table.markers.iter().filter(|m| m.structural))
        .map(|m| m.version);
    let Some(first) = versions.next() else {
        return false;
    };
    versions.any(|v| v != first)
}

fn index(version: TemplateVersion) -> usize {
    match version {
        TemplateVersion::V2019 => 0,
        TemplateVersion::V2021 => 1,
    }
}

fn other(version: TemplateVersion) -> TemplateVersion {
    match version {
        TemplateVersion::V2019 => TemplateVersion::V2021,
        TemplateVersion::V2021 => TemplateVersion::V2019,
    }
}

#[cfg(test)]
mod tests {
    use crate::i18n::Lang;
    use crate::ingest::SourceEncoding;
    use crate::report::parse::parse_text;
    use crate::report::tables::fixtures::{cells, rows};
    use crate::rules::RuleSelection;

    const CODE: &str = "template-mixed";

    /// 2019's 第二十条第（九）项 block, appended to a 2021 表二 after its 行政事业性收费 row.
    const PROCUREMENT_ROWS: &str =
        "行政事业性收费\t0\n第二十条第（九）项\n信息内容\t采购项目数量\t\
                                    采购总金额\n政府集中采购\t0\t0";

    #[test]
    fn a_2021_table_with_a_procurement_block_is_flagged() {
        let fixture = rows().replace("行政事业性收费\t0", PROCUREMENT_ROWS);
        let flags = fixture.flags(CODE);
        assert_eq!(flags.len(), 1, "{flags:?}");
        assert_eq!(
            flags[0].location.line,
            Some(fixture.line_of("第二十条第（九）项"))
        );
        assert_eq!(
            flags[0].message.get(Lang::Zh),
            "表格混用了两版模板：3处为2021年版格式（国办公开办函〔2021〕30号），另有1处为2019年版\
             格式（国办公开办函〔2019〕60号：第二十条第（九）项、采购项目数量、采购总金额、政府集中采购）"
        );
        assert_eq!(flags[0].evidence["minority"], "2019");
    }

    #[test]
    fn a_2019_table2_next_to_a_2021_table3_is_flagged() {
        let (old, new) = (rows().v2019().text(), rows().text());
        let (head, _) = old.split_once("三、收到和处理").unwrap();
        let (_, tail) = new.split_once("三、收到和处理").unwrap();
        let text = format!("{head}三、收到和处理{tail}");
        let report = parse_text(&text, SourceEncoding::Utf8);
        let selection = RuleSelection {
            selected: vec![CODE.into()],
            ..Default::default()
        };
        let flags = crate::rules::run(&report, &selection);
        assert_eq!(flags.len(), 1, "{flags:?}");
        assert_eq!(flags[0].evidence["minority"], "2021");
        assert!(flags[0]
            .message
            .get(Lang::Zh)
            .contains("申请人逾期未按收费通知要求缴纳费用"));
    }

    #[test]
    fn a_reworded_row_label_or_a_single_odd_column_is_not_a_mix() {
        for fixture in [rows(), cells()] {
            let fixture = fixture
                .replace("行政规范性文件", "规范性文件")
                .replace("本年制发件数", "本年新制作数量")
                .replace("本年处理决定数量", "处理决定数量");
            assert!(fixture.flags(CODE).is_empty(), "{:?}", fixture.flags(CODE));
        }
        let fixture = rows()
            .v2019()
            .replace("\n规范性文件\t", "\n行政规范性文件\t");
        assert!(fixture.flags(CODE).is_empty());
    }

    #[test]
    fn whole_templates_are_not_flagged() {
        for fixture in [rows(), cells(), rows().v2019(), cells().v2019()] {
            assert!(fixture.flags(CODE).is_empty(), "{fixture:?}");
        }
    }

    /// The early exit is the vote's own answer: a report whose structural markers are all of
    /// one template is never flagged, and the mixed reports the vote flags hold both. The
    /// texts are the fixtures above, whole and mixed, and every clean base.
    #[test]
    fn only_reports_with_markers_of_both_templates_are_voted_on() {
        let procurement = rows().replace("行政事业性收费\t0", PROCUREMENT_ROWS);
        let (old, new) = (rows().v2019().text(), rows().text());
        let (head, _) = old.split_once("三、收到和处理").unwrap();
        let (_, tail) = new.split_once("三、收到和处理").unwrap();
        let mut texts = vec![
            procurement.text(),
            format!("{head}三、收到和处理{tail}"),
            rows().text(),
            cells().text(),
            rows().v2019().text(),
            cells().v2019().text(),
        ];
        for entry in std::fs::read_dir("tests/fixtures/bases").unwrap() {
            texts.push(std::fs::read_to_string(entry.unwrap().path()).unwrap());
        }
        let selection = RuleSelection {
            selected: vec![CODE.into()],
            ..Default::default()
        };
        let mut mixed = 0;
        for text in &texts {
            let report = parse_text(text, SourceEncoding::Utf8);
            let flagged = !crate::rules::run(&report, &selection).is_empty();
            if flagged {
                mixed += 1;
                assert!(super::holds_both_templates(&report), "{text}");
            }
        }
        // The two mixed texts: the test reads the vote on both sides of the exit.
        assert_eq!(mixed, 2);
    }
}
