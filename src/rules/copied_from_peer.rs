//! The narrative is a near-copy of another agency's report of the same year.
//!
//! 正文与另一机关同年度报告基本相同。
//!
//! ## What it checks
//! The narrative of sections 一, 五 and 六 against the same year's reports of other agencies
//! (by normalised name). Candidates come from an LSH index over MinHash sketches of 12-character
//! shingles, so no report is compared with the whole inbox; a candidate is a copy when the share
//! of this report's shingles found in it reaches the threshold (default 0.8, `[cross]
//! copy_containment`). Both reports are flagged, each naming the other. Text every report of a
//! region shares (an LSH bucket of more than 50 reports of the year) is template wording, not a
//! copy.
//!
//! ## 检查内容
//! 将第一、五、六部分的正文与其他机关（按规范化名称区分）同年度的报告比较。候选报告来自12字片段
//! MinHash草图上的LSH索引，不需要与整个收件箱逐一比较；本报告片段出现在候选报告中的比例达到阈值（默认
//! 0.8，`[cross] copy_containment`）即为雷同。两份报告都会被标记，并各自写明另一份。某地区所有报告共用
//! 的文字（同一LSH桶中同年度报告超过50份）视为模板用语，不算雷同。
//!
//! ## Why it matters
//! Two bureaus sharing one 总体情况 have not reported on their own work; published 通报 name
//! reports copied across agencies and regions.
//!
//! ## 为何重要
//! 两个部门共用一段总体情况，说明并未报告各自的工作；各地通报多次点名跨部门、跨地区抄袭的报告。
//!
//! ## Authority
//! 《条例》第四十九条; 国办公开办函〔2021〕30号 (「内容雷同」); S9–S14; rules.md B7.
//!
//! ## 依据
//! 《条例》第四十九条；国办公开办函〔2021〕30号（「内容雷同」）；S9–S14；rules.md B7。
//!
//! ## Flagged
//! ```text
//! 甲县司法局2023：一、总体情况 2023年，本局坚持以习近平新时代……（与乙县民政局相同）
//! ```
//!
//! ## Accepted
//! ```text
//! 甲县司法局2023：一、总体情况 本局全年主动公开信息120条，办理申请8件……
//! 乙县民政局2023：一、总体情况 本局围绕社会救助、养老服务，主动公开……
//! ```

use std::sync::Arc;

use crate::flag::Location;
use crate::rules::cross::{CrossContext, CrossRule};
use crate::rules::wording::{CopiedFrom, NarrativeCopied};
use crate::rules::{Finding, Findings};

pub struct CopiedFromPeer;

impl CrossRule for CopiedFromPeer {
    crate::rule_meta!(
        "copied-from-peer",
        Across,
        Warning,
        "与其他机关同年度报告雷同",
        "Near-copy of another agency's report"
    );

    fn check(&self, context: &CrossContext<'_>, findings: &mut Findings<'_>) {
        let this = &context.facts;
        let (Some(sketch), Some((first, last))) = (&this.narrative, this.narrative_lines) else {
            return;
        };
        for peer in context.peers(context.settings.copy_containment) {
            let peer_facts = context.facts_of(peer);
            let Some(other) = &peer_facts.narrative else {
                continue;
            };
            // Either text contained in the other: a short report copied into a longer one.
            let share = sketch
                .containment_in(other)
                .max(other.containment_in(sketch));
            if share < context.settings.copy_containment {
                continue;
            }
            let percent = (share * 100.0).round();
            findings.report(
                Finding::typed(
                    Location::lines(first, last),
                    NarrativeCopied {
                        percent,
                        from: CopiedFrom::Peer {
                            agency: peer.agency.clone().unwrap_or_else(|| Arc::from("")),
                            path: Arc::clone(&peer.path),
                        },
                    },
                )
                .evidence("containment", percent)
                .evidence(
                    "other_lines",
                    peer_facts.narrative_lines.map(|(a, b)| [a, b]),
                )
                .other_report(peer),
            );
        }
    }
}
