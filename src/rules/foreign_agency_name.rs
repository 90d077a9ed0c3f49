//! The report names another agency of the inbox as itself.
//!
//! 报告以收件箱中另一机关的名义自称。
//!
//! ## What it checks
//! The names the report gives itself (the signature, 「请与<机关>联系」, 「现向社会公布<机关>…」,
//! 「YYYY年，<机关>…」, read as `agency-mismatch` reads them) against the agencies that have
//! reports in the inbox, by normalised name. A self-name that is another inbox agency is
//! flagged, whatever its place or kind, and the flag names that agency's report. The agency's
//! own government or its office at the same place compiling the report is not flagged.
//!
//! ## 检查内容
//! 报告的自称（落款、「请与<机关>联系」、「现向社会公布<机关>…」、「YYYY年，<机关>…」，读法与
//! `agency-mismatch` 相同）按规范化名称与收件箱中有报告的机关比较。自称为收件箱中另一机关的，无论地点
//! 和机关类别都会被标记，并写明该机关的报告。同一地方的本级政府或其办公室代为编制报告的，不标记。
//!
//! ## Why it matters
//! When the other agency is in the same inbox, the copy is certain: the report was made from
//! that agency's report and the name was not replaced. The supervisor can open both.
//!
//! ## 为何重要
//! 另一机关的报告也在收件箱中时，抄袭是确定的：本报告由该机关的报告改成，名称没有替换干净。审核人可以
//! 打开两份报告对照。
//!
//! ## Authority
//! 《条例》第四十九条; 国办公开办函〔2021〕30号 (「内容雷同」); rules.md B7.
//!
//! ## 依据
//! 《条例》第四十九条；国办公开办函〔2021〕30号（「内容雷同」）；rules.md B7。
//!
//! ## Flagged
//! ```text
//! 甲县司法局2023年政府信息公开工作年度报告
//! 2023年，乙县民政局严格落实《条例》……   （乙县民政局的报告也在收件箱中）
//! ```
//!
//! ## Accepted
//! ```text
//! 甲县司法局2023年政府信息公开工作年度报告
//! ……
//! 甲县人民政府办公室
//! ```

use std::path::Path;
use std::sync::Arc;

use crate::agency::{relation, AgencyName, Relation};
use crate::flag::Location;
use crate::i18n::Lang;
use crate::rules::cross::{CrossContext, CrossRule};
use crate::rules::{Finding, Findings, Message};

pub struct ForeignAgencyName;

impl CrossRule for ForeignAgencyName {
    crate::rule_meta!(
        "foreign-agency-name",
        Across,
        Error,
        "以收件箱中另一机关的名义自称",
        "Names another inbox agency as itself"
    );

    fn check(&self, context: &CrossContext<'_>, findings: &mut Findings<'_>) {
        let this = &context.facts;
        let Some(own) = &this.name else {
            return;
        };
        let own_key = own.key();
        for mention in &this.mentions {
            if mention.key == own_key {
                continue;
            }
            // The inbox look-up is a hash probe and nearly every mention misses it: only a
            // name that is another inbox agency is worth parsing and relating to our own.
            let Some(other) = context.agency_in_inbox(&mention.key) else {
                continue;
            };
            let Some(found) = AgencyName::parse_shared(&mention.name) else {
                continue;
            };
            let related = relation(&found, own);
            if related == Relation::Same
                || (related == Relation::SamePlace && found.is_government())
            {
                continue;
            }
            let name = &mention.name;
            findings.report(
                Finding::typed(
                    Location::span(mention.line, mention.column, mention.len),
                    ForeignName {
                        name: name.clone(),
                        path: Arc::clone(&other.path),
                    },
                )
                .evidence("found", name.as_str())
                .other_report(other)
                .key(mention.key.clone()),
            );
        }
    }
}

/// The report names itself as another agency of the inbox, whose report is at `path`.
#[derive(Debug)]
struct ForeignName {
    name: String,
    path: Arc<Path>,
}

impl Message for ForeignName {
    fn message(&self, lang: Lang) -> String {
        let (name, path) = (&self.name, self.path.display());
        match lang {
            Lang::Zh => format!("以「{name}」自称，而该机关的报告也在收件箱中（{path}）"),
            Lang::En => format!(
                "refers to itself as 「{name}」, an agency whose report is in the inbox ({path})"
            ),
        }
    }
}
