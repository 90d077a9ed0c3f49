//! A count stated in the text that differs from the table stating the same thing.
//!
//! 正文写明的数量与表格中的同一数量不一致。
//!
//! ## What it checks
//! Counts the prose states in so many words are compared with the tables:
//! - applications received (「收到/受理/接收…申请 N件」): 表三 一·总计; with 「（含上年结转…）」,
//!   一 + 二. Where the sentence does not state the carried-in applications apart, 一 + 二 is
//!   also accepted (「共收到申请」 is used both ways); 「本年新收 N件」 is 一 alone;
//! - carried over from last year (「上年结转 N件」): 二·总计;
//! - handled (「办结/答复 N件」): （七）总计, or （七）总计 − 二 (the carried-in applications
//!   left out: 「收到5件，答复5件」); 「办理 N件」 also accepts 一 + 二;
//! - carried forward (「结转下年度 N件」, 「N件顺延到下年度」): 四·总计;
//! - 政府信息公开行政复议 N件: 表四 行政复议·总计; 行政诉讼 N件: 未经复议直接起诉·总计 +
//!   复议后起诉·总计 (复议/诉讼 count only where the sentence speaks of 信息公开, or in
//!   section 四);
//! - 表二, only where the sentence states the table's own metric: 「制发/制定/出台/印发规范性
//!   文件 N件」 (本年制发件数), 「废止…」, 「现行有效…」, 「作出行政处罚决定 N件」 (处理决定数量).
//!   Counts of items published (「公开行政处罚信息 N条」, 「规范性文件清理类信息11条」) are
//!   not 表二's metric and are never compared.
//!
//! A zero stated in words counts as 0: 「未收到政府信息公开申请」, 「全年未发生因政府信息公开
//! 工作被申请行政复议或提起行政诉讼的情况」. Approximate numbers (「60余条」, 「约」, 「超过」),
//! counts of other years, comparisons (「同比增加2件」), parts of the agency (「本级」) and parts
//! of a 「其中」 list are not compared. A table cell that is blank or unreadable is not compared.
//!
//! ## 检查内容
//! 将正文明确写出的数量与表格比较：
//! - 收到的申请（「收到/受理/接收……申请N件」）：表三「一」的总计；带「（含上年结转……）」的，为
//!   「一」加「二」。句中没有单独写出上年结转数的，「一」加「二」也视为一致（「共收到申请」两种用法
//!   都有）；「本年新收N件」只对应「一」；
//! - 上年结转（「上年结转N件」）：「二」的总计；
//! - 办结（「办结/答复N件」）：「（七）总计」，或「（七）总计」减「二」（不计上年结转的申请：「收到
//!   5件，答复5件」）；「办理N件」也可对应「一」加「二」；
//! - 结转下年度（「结转下年度N件」「N件顺延到下年度」）：「四」的总计；
//! - 政府信息公开行政复议N件：表四行政复议的总计；行政诉讼N件：未经复议直接起诉的总计加复议后起诉的
//!   总计（只在句中说的是信息公开，或在第四部分时，才比较复议和诉讼）；
//! - 表二，只在句子说的正是该表的指标时比较：「制发/制定/出台/印发规范性文件N件」（本年制发件数）、
//!   「废止……」「现行有效……」「作出行政处罚决定N件」（处理决定数量）。公开信息的条数（「公开行政处
//!   罚信息N条」「规范性文件清理类信息11条」）不是表二的指标，从不比较。
//!
//! 以文字表述的零按0计：「未收到政府信息公开申请」「全年未发生因政府信息公开工作被申请行政复议或提
//! 起行政诉讼的情况」。约数（「60余条」「约」「超过」）、其他年份的数量、比较（「同比增加2件」）、
//! 机关的一部分（「本级」）以及「其中」列举的分项，不作比较。表格单元格空白或无法读取的，不作比较。
//!
//! ## Why it matters
//! The text and the tables report the same year's work; when they disagree, at least one is
//! wrong, and readers (and assessors) cannot tell which.
//!
//! ## 为何重要
//! 正文和表格报告的是同一年度的工作；两者不一致，至少有一处是错的，读者（和评估者）无从判断哪一处。
//!
//! ## Authority
//! 《政府信息公开条例》第五十条; 国办公开办函〔2021〕30号 (表二、表三、表四); S6: 数据精确.
//!
//! ## 依据
//! 《政府信息公开条例》第五十条；国办公开办函〔2021〕30号（表二、表三、表四）；S6：数据精确。
//!
//! ## Flagged
//! ```text
//! 2023年，我局共收到政府信息公开申请5件，本年度办结4件。（表三 一·总计 4）
//! ```
//!
//! ## Accepted
//! ```text
//! 2023年共收到政务信息公开申请3件，按时答复3件。（表三 一·总计 3，（七）总计 3）
//! 全年未收到依申请公开事项。（表三 全为 0）
//! ```

use crate::flag::Location;
use crate::i18n::Lang;
use crate::report::narrative::{Metric, Statement, TableReading};
use crate::report::Report;
use crate::rules::{Finding, Findings, Message, Rule};

pub struct NarrativeTableMismatch;

impl Rule for NarrativeTableMismatch {
    crate::rule_meta!(
        "narrative-table-mismatch",
        TextVsTables,
        Error,
        "正文数字与表格不符",
        "Text contradicts the table"
    );

    fn check(&self, report: &Report, findings: &mut Findings<'_>) {
        for statement in &report.narrative().statements {
            let Some(stated) = statement.quantity.exact() else {
                continue;
            };
            // The cells are named (for the message) only when the statement disagrees.
            let values = statement.table_values(report);
            if values.is_empty() || values.contains(&stated) {
                continue;
            }
            let readings = statement.table_readings(report);
            let Some(reading) = readings.first() else {
                continue;
            };
            findings.report(finding(report, statement, stated, reading, &readings));
        }
    }
}

fn finding(
    report: &Report,
    statement: &Statement,
    stated: i64,
    reading: &TableReading,
    readings: &[TableReading],
) -> Finding {
    let metric = statement.metric;
    let cells: Vec<serde_json::Value> = reading
        .cells
        .iter()
        .map(|(row, column)| {
            let name = report
                .table(reading.table)
                .and_then(|t| t.row(row))
                .map_or("", |r| r.spec.column(*column));
            serde_json::json!({ "row": row, "column": column, "column_name": name })
        })
        .collect();
    let others: Vec<serde_json::Value> = readings[1..]
        .iter()
        .map(|r| serde_json::json!({ "value": r.value, "cells": r.name(Lang::Zh) }))
        .collect();
    Finding::typed(
        Location::span(statement.at.line, statement.at.column, statement.at.len),
        Contradiction {
            metric,
            written: statement.at.text.to_string(),
            in_words: statement.in_words,
            stated,
            reading: reading.clone(),
            others: readings[1..].iter().map(|r| r.value).collect(),
        },
    )
    .evidence("metric", metric.key())
    .evidence("text_value", stated)
    .evidence("table_value", reading.value)
    .evidence("table", reading.table.key())
    .evidence("cells", cells)
    .evidence("table_cell", reading.name(Lang::Zh))
    .evidence("other_readings", others)
    .evidence("sentence", &*statement.sentence)
    .key(metric.key())
    .key(stated.to_string())
    .key(reading.value.to_string())
}

/// A count stated in the text that the tables contradict.
#[derive(Debug)]
struct Contradiction {
    metric: Metric,
    /// The count as written, and whether in words (「未收到」: 0).
    written: String,
    in_words: bool,
    stated: i64,
    /// What the tables hold, and the values of the other readings (none equal either).
    reading: TableReading,
    others: Vec<i64>,
}

impl Message for Contradiction {
    fn message(&self, lang: Lang) -> String {
        let Contradiction {
            metric,
            written,
            in_words,
            stated,
            reading,
            others,
        } = self;
        let (name, value) = (reading.name(lang), reading.value);
        let others: Vec<String> = others.iter().map(i64::to_string).collect();
        match lang {
            Lang::Zh => {
                let said = if *in_words {
                    format!("正文称「{written}」，即{}为 0", metric.zh())
                } else {
                    format!("正文称{}为 {stated}（「{written}」）", metric.zh())
                };
                let also = if others.is_empty() {
                    String::new()
                } else {
                    format!("（也不等于{}）", others.join("、"))
                };
                format!("{said}，但{name}为 {value}{also}")
            }
            Lang::En => {
                let said = if *in_words {
                    format!("the text says 「{written}」, that is, 0 {}", metric.en())
                } else {
                    format!("the text states {stated} {} (「{written}」)", metric.en())
                };
                let also = if others.is_empty() {
                    String::new()
                } else {
                    format!(" (nor {})", others.join(", "))
                };
                format!("{said}, but {name} holds {value}{also}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::i18n::Lang;
    use crate::report::tables::fixtures::rows;

    const CODE: &str = "narrative-table-mismatch";
    const PROSE: &str = "本机关认真贯彻落实《条例》，做好政府信息公开工作。";

    fn t3(total: &str) -> Vec<&str> {
        vec![total, "0", "0", "0", "0", "0", total]
    }

    #[test]
    fn a_received_count_off_the_table_is_flagged_at_the_number() {
        let fixture = rows()
            .row("t3.new", &t3("4"))
            .row("t3.granted", &t3("4"))
            .row("t3.total", &t3("4"))
            .replace(
                PROSE,
                "2023年，我局共收到政府信息公开申请5件，本年度办结4件。",
            );
        let flags = fixture.flags(CODE);
        assert_eq!(flags.len(), 1, "{flags:?}");
        let flag = &flags[0];
        assert_eq!(flag.location.line, Some(fixture.line_of("共收到")));
        assert_eq!(flag.location.len, Some(2));
        assert!(
            flag.message.get(Lang::Zh).contains("5"),
            "{}",
            flag.message.get(Lang::Zh)
        );
        assert!(flag
            .message
            .get(Lang::Zh)
            .contains("表三“一、本年新收政府信息公开申请数量”行“总计”列为 4"));
        assert_eq!(flag.evidence["text_value"], 5);
        assert_eq!(flag.evidence["table_value"], 4);
        assert_eq!(flag.evidence["metric"], "received");
    }

    #[test]
    fn a_count_off_every_reading_names_them_all_in_both_languages() {
        let fixture = rows()
            .row("t3.new", &t3("4"))
            .row("t3.carried-in", &t3("1"))
            .row("t3.granted", &t3("5"))
            .row("t3.total", &t3("5"))
            .replace(PROSE, "2023年共收到政府信息公开申请4件，按时答复3件。");
        let flags = fixture.flags(CODE);
        assert_eq!(flags.len(), 1, "{flags:?}");
        assert_eq!(
            flags[0].message.get(Lang::Zh),
            "正文称办结的政府信息公开申请为 3（「3件」），但表三“（七）总计”行“总计”列为 5（也不等于4）"
        );
        assert_eq!(
            flags[0].message.get(Lang::En),
            "the text states 3 applications handled (「3件」), but Table 3, row “（七）总计”, \
             column “总计” holds 5 (nor 4)"
        );
        assert_eq!(
            flags[0].evidence["other_readings"][0]["cells"],
            "表三“（七）总计”行“总计”列 − 表三“二、上年结转政府信息公开申请数量”行“总计”列"
        );
    }

    #[test]
    fn consistent_counts_are_not_flagged() {
        let fixture = rows()
            .row("t3.new", &t3("3"))
            .row("t3.granted", &t3("3"))
            .row("t3.total", &t3("3"))
            .replace(PROSE, "2023年共收到政务信息公开申请3件，按时答复3件。");
        assert!(fixture.flags(CODE).is_empty());
        let fixture = rows().replace(PROSE, "全年未收到依申请公开事项。");
        assert!(fixture.flags(CODE).is_empty());
    }

    #[test]
    fn a_zero_claim_against_a_non_zero_table_is_flagged() {
        let fixture = rows()
            .row("t3.new", &t3("2"))
            .row("t3.granted", &t3("2"))
            .row("t3.total", &t3("2"))
            .replace(PROSE, "全年未收到政府信息公开申请。");
        let flags = fixture.flags(CODE);
        assert_eq!(flags.len(), 1, "{flags:?}");
        assert!(flags[0].message.get(Lang::Zh).contains("未收到"));
    }

    #[test]
    fn reviews_and_lawsuits_are_compared_with_table4() {
        let values = "1 0 0 0 1 0 1 0 0 1 0 0 0 1 1";
        let row: Vec<&str> = values.split(' ').collect();
        let fixture = rows().row("t4.values", &row).replace(
            PROSE,
            "全年因政府信息公开工作被申请行政复议1件，被提起行政诉讼2件。",
        );
        assert!(fixture.flags(CODE).is_empty());
        let fixture = rows().row("t4.values", &row).replace(
            PROSE,
            "全年因政府信息公开工作被申请行政复议1件，被提起行政诉讼1件。",
        );
        let flags = fixture.flags(CODE);
        assert_eq!(flags.len(), 1, "{flags:?}");
        assert_eq!(flags[0].evidence["metric"], "lawsuits");
        let fixture = rows().row("t4.values", &row).replace(
            PROSE,
            "全年未发生因政府信息公开工作被申请行政复议或提起行政诉讼的情况。",
        );
        assert_eq!(fixture.flags(CODE).len(), 2);
    }

    #[test]
    fn table2_is_compared_only_for_its_own_metric() {
        let fixture = rows().row("t2.normative", &["2", "0", "5"]).replace(
            PROSE,
            "本年制发规范性文件3件，公开规范性文件清理类信息11条。",
        );
        let flags = fixture.flags(CODE);
        assert_eq!(flags.len(), 1, "{flags:?}");
        assert_eq!(flags[0].evidence["metric"], "normative-issued");
        let fixture = rows()
            .row("t2.penalties", &["7"])
            .replace(PROSE, "公开行政处罚信息12条，作出行政处罚决定7件。");
        assert!(fixture.flags(CODE).is_empty());
    }

    #[test]
    fn approximations_other_years_and_comparisons_are_not_compared() {
        let fixture = rows().replace(
            PROSE,
            "2023年共收到政府信息公开申请约5件。2022年收到政府信息公开申请6件。收到政府信息公开申请0件，同比减少6件。",
        );
        assert!(fixture.flags(CODE).is_empty());
    }

    #[test]
    fn lenient_readings_of_received_and_answered() {
        // 新收 5 + 上年结转 1 = 总计 6: 「收到6件」 counts the carried-in one, 「答复5件」 leaves
        // it out; both are read as consistent.
        let fixture = rows()
            .row("t3.new", &t3("5"))
            .row("t3.carried-in", &t3("1"))
            .row("t3.granted", &t3("6"))
            .row("t3.total", &t3("6"));
        let text = fixture
            .clone()
            .replace(PROSE, "2023年共收到政府信息公开申请5件，答复5件。");
        assert!(text.flags(CODE).is_empty());
        let text = fixture
            .clone()
            .replace(PROSE, "2023年共收到政府信息公开申请6件，已全部办结。");
        assert!(text.flags(CODE).is_empty());
        // With the carried-in applications stated apart, 「收到」 is 一 alone.
        let text = fixture.replace(
            PROSE,
            "2023年共收到政府信息公开申请6件，上年结转政府信息公开申请1件。",
        );
        let flags = text.flags(CODE);
        assert_eq!(flags.len(), 1, "{flags:?}");
        assert_eq!(flags[0].evidence["table_value"], 5);
    }

    #[test]
    fn table2_of_the_2019_template_uses_its_decision_column() {
        let fixture = rows()
            .v2019()
            .row("t2.penalties", &["0", "0", "7"])
            .replace(PROSE, "2020年作出行政处罚决定7件。");
        assert!(fixture.flags(CODE).is_empty());
        let fixture = rows()
            .v2019()
            .row("t2.penalties", &["0", "0", "7"])
            .replace(PROSE, "2020年作出行政处罚决定8件。");
        assert_eq!(fixture.flags(CODE).len(), 1);
    }

    #[test]
    fn unreadable_cells_are_not_compared() {
        let fixture = rows()
            .row("t3.new", &["", "", "", "", "", "", ""])
            .replace(PROSE, "2023年共收到政府信息公开申请5件。");
        assert!(fixture.flags(CODE).is_empty());
    }
}
