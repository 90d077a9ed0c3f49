//! The signature or the body names another agency as the report's author than the title.
//!
//! 落款或正文中自称的机关与标题中的机关不一致。
//!
//! ## What it checks
//! The agency of the title (in its fullest form found in the report) against the names the
//! report gives itself:
//! - the **signature**: the name over the signature date;
//! - **self-references in the body**: 「请与<机关>联系」, 「现向社会公布<机关>YYYY年度…」, and a
//!   sentence opening 「YYYY年，<机关>…」 with the agency as subject (not judged in a
//!   government's own report, which speaks of its subordinate governments that way).
//!
//! Names are compared through the normalised agency matching of `src/agency.rs`. A name is a
//! mismatch when it is **a body at another place**, whatever its kind: 「乙县司法局」 in
//! 「甲县司法局」's report, 「新塘市民政局」 signing 「新凰区住房和城乡建设局」's. These are
//! **not** mismatches:
//! - a fuller or shorter form of the same name (「三门峡市陕州区司法局」 / 「陕州区司法局」,
//!   「市司法局」 / 「聊城市司法局」), or an abbreviation of the body (「发改局」);
//! - a superior or subordinate place, for the same line of work (「巴彦淖尔市司法局」 in
//!   「乌拉特中旗司法局」's report, 「宿迁市发展和改革委员会」 in 「沭阳县发展和改革局」's:
//!   市 and 旗 are different levels);
//! - another body at the same place: the agency's own government or its office compiling the
//!   report (「淮安市人民政府办公室」 for 「淮安市人民政府」), a two-name agency signing under
//!   its other name, 「市委市政府」 in prose;
//! - names without a place (「市司法局」, 「我局」).
//!
//! Nothing is judged when the title's agency has no place name (`title-agency-missing`).
//!
//! ## 检查内容
//! 将标题中的机关名称（取报告中出现的最完整形式）与报告的自称相比较：
//! - **落款**：落款日期上方的机关名称；
//! - **正文中的自称**：「请与<机关>联系」「现向社会公布<机关>YYYY年度……」，以及以机关为主语、以
//!   「YYYY年，<机关>……」开头的句子（人民政府的报告常以这种句式叙述下级政府，不作判断）。
//!
//! 名称经 `src/agency.rs` 的机关名称规范化后比较。凡是**另一地方的机关**，无论何种类别，都算不一致：
//! 如「甲县司法局」的报告中出现「乙县司法局」，「新凰区住房和城乡建设局」的报告以「新塘市民政局」落款。
//! 以下情形**不算**不一致：
//! - 同一名称的全称或简称（「三门峡市陕州区司法局」与「陕州区司法局」，「市司法局」与「聊城市司法
//!   局」），或机关的简称（「发改局」）；
//! - 同一系统的上级或下级地方（「乌拉特中旗司法局」的报告中出现「巴彦淖尔市司法局」，「沭阳县发展
//!   和改革局」的报告中出现「宿迁市发展和改革委员会」：市与旗、县不是同一层级）；
//! - 同一地方的其他机关：本级政府或其办公室编制报告（「淮安市人民政府办公室」编制「淮安市人民政府」
//!   的报告），两块牌子的机关以另一名称落款，正文中的「市委市政府」；
//! - 不带地名的名称（「市司法局」「我局」）。
//!
//! 标题中的机关没有地名时（见 `title-agency-missing`），不作判断。
//!
//! ## Why it matters
//! A report that names another agency in its signature or as its own subject was copied from
//! that agency's report and not finished: the published report then misstates whose report it
//! is, which the template treats as 「内容雷同」 under 《条例》第四十七条.
//!
//! ## 为何重要
//! 落款或主语写成另一机关，说明报告是照抄那个机关的报告而未改完：发布出来的报告把报告主体写错了，属
//! 于年度报告格式所说的「内容雷同」，适用《条例》第四十七条。
//!
//! ## Authority
//! 《条例》第四十九条 (each agency reports on its own work) and 第四十七条; 国办公开办函〔2021〕
//! 30号 (「内容雷同、敷衍塞责」); S9–S14 (reports copied across regions).
//!
//! ## 依据
//! 《条例》第四十九条（各机关报告本机关的工作）、第四十七条；国办公开办函〔2021〕30号（「内容雷同、
//! 敷衍塞责」）；S9–S14（跨地区照抄的报告）。
//!
//! ## Flagged
//! ```text
//! 甲县司法局2023年政府信息公开工作年度报告
//! ……
//! 乙县司法局
//! 2024年1月15日
//! ```
//!
//! ## Accepted
//! ```text
//! 市司法局2023年度政府信息公开工作年度报告
//! 2023年，聊城市司法局严格落实《中华人民共和国政府信息公开条例》……
//! 按照区委区政府的要求，在局党组的正确领导下……
//! ```

use crate::agency::{relation, AgencyName, Relation};
use crate::flag::Location;
use crate::i18n::Lang;
use crate::report::Report;
use crate::rules::{Finding, Findings, Message, Rule};

pub struct AgencyMismatch;

/// Where a name was found.
#[derive(Debug, Clone, Copy)]
enum Source {
    Signature,
    Body,
}

impl Rule for AgencyMismatch {
    crate::rule_meta!(
        "agency-mismatch",
        TitleAndDates,
        Error,
        "落款或正文的机关名称与标题不一致",
        "Signature or body names another agency than the title"
    );

    fn check(&self, report: &Report, findings: &mut Findings<'_>) {
        let Some(agency) = report.agency.as_deref() else {
            return;
        };
        // A name without a place and level reads as none (`AgencyName::read` splits it after
        // its place first), so the reading tells both.
        let Some(reference) = AgencyName::parse_shared(agency) else {
            return;
        };
        // A signature or self-reference that writes the title's agency exactly reads as it
        // does (`is_other_agency` is false of it): most reports sign with that name, and the
        // lookup of its reading and the comparison of the two cost ~900 instructions.
        if let Some(signed) = &report.signatory {
            if signed.name != agency && is_other_agency(&signed.name, &reference) {
                let location =
                    Location::span(signed.span.line, signed.span.column, signed.span.len);
                report_one(agency, &signed.name, Source::Signature, location, findings);
            }
        }
        // The cross facts read the same names: they are read once per report.
        for found in report.self_names() {
            let name = found.name.as_str();
            if name != agency && is_other_agency(name, &reference) {
                let location = Location::span(found.line, found.column, found.char_len());
                report_one(agency, name, Source::Body, location, findings);
            }
        }
    }
}

/// Whether `name` is a body at another place than the reference (see the module doc).
fn is_other_agency(name: &str, reference: &AgencyName) -> bool {
    AgencyName::parse_shared(name)
        .is_some_and(|found| relation(&found, reference) == Relation::OtherPlace)
}

fn report_one(
    agency: &str,
    name: &str,
    source: Source,
    location: Location,
    findings: &mut Findings<'_>,
) {
    let source_name = match source {
        Source::Signature => "signature",
        Source::Body => "body",
    };
    findings.report(
        Finding::typed(
            location,
            OtherAgency {
                source,
                found: name.to_string(),
                title: agency.to_string(),
            },
        )
        .evidence("title_agency", agency)
        .evidence("found", name)
        .evidence("where", source_name)
        .key(source_name)
        .key(name),
    );
}

/// A signature or a self-reference naming another agency than the title's.
#[derive(Debug)]
struct OtherAgency {
    source: Source,
    /// The name found in the signature or the body.
    found: String,
    /// The agency of the title.
    title: String,
}

impl Message for OtherAgency {
    fn message(&self, lang: Lang) -> String {
        let OtherAgency {
            source,
            found,
            title,
        } = self;
        match (source, lang) {
            (Source::Signature, Lang::Zh) => format!(
                "落款机关「{found}」与标题中的机关「{title}」不一致（是否沿用了其他机关的报告？）"
            ),
            (Source::Signature, Lang::En) => format!(
                "the signature names 「{found}」, the title 「{title}」 (copied from another agency's report?)"
            ),
            (Source::Body, Lang::Zh) => format!(
                "正文以「{found}」自称，与标题中的机关「{title}」不一致（是否沿用了其他机关的报告？）"
            ),
            (Source::Body, Lang::En) => format!(
                "the body refers to itself as 「{found}」, the title names 「{title}」 (copied from another agency's report?)"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_other_agency;
    use crate::agency::AgencyName;
    use crate::flag::{Flag, Severity};
    use crate::ingest::SourceEncoding;
    use crate::report::parse::parse_text;
    use crate::rules::{run, RuleSelection};

    fn flags_of(text: &str) -> Vec<Flag> {
        let report = parse_text(text, SourceEncoding::Utf8);
        let selection = RuleSelection::only("agency-mismatch");
        run(&report, &selection)
    }

    fn report(preamble: &str, body: &str, signature: &str) -> String {
        format!(
            "甲县司法局2023年政府信息公开工作年度报告\n{preamble}\n一、总体情况\n{body}\n六、其他需要报告的事项\n本年度未收取信息处理费。\n{signature}\n2024年1月15日"
        )
    }

    #[test]
    fn another_county_in_the_signature_is_an_error_at_the_name() {
        let flags = flags_of(&report("前言。", "概述。", "乙县司法局"));
        assert_eq!(flags.len(), 1, "{flags:?}");
        assert_eq!(flags[0].severity, Severity::Error);
        assert_eq!(flags[0].location.line, Some(7));
        assert_eq!(flags[0].location.column, Some(1));
        assert_eq!(flags[0].location.len, Some(5));
        assert_eq!(flags[0].evidence["found"], "乙县司法局");
        assert_eq!(flags[0].evidence["title_agency"], "甲县司法局");
    }

    #[test]
    fn another_county_as_the_body_s_subject_is_flagged() {
        let flags = flags_of(&report(
            "现向社会公布乙县司法局2023年度政府信息公开工作年度报告。如有疑问，请与丙县司法局联系。",
            "2023年，丁县司法局认真贯彻落实《条例》。",
            "甲县司法局",
        ));
        let found: Vec<_> = flags
            .iter()
            .map(|f| (f.location.line, f.evidence["found"].clone()))
            .collect();
        assert_eq!(
            found,
            [
                (Some(2), "乙县司法局".into()),
                (Some(2), "丙县司法局".into()),
                (Some(4), "丁县司法局".into()),
            ]
        );
    }

    #[test]
    fn same_agency_superiors_parents_and_other_bodies_pass() {
        let flags = flags_of(&report(
            "现向社会公布甲县司法局2023年度政府信息公开工作年度报告。请与甲县司法局办公室联系。",
            "2023年，某市甲县司法局在某市司法局的指导下，按照县委县政府要求开展工作。\n2023年，县司法局严格落实。\n2023年，乙市司法局部署了工作。",
            "某市甲县司法局",
        ));
        assert!(flags.is_empty(), "{flags:?}");
        let reference = AgencyName::parse("沭阳县发展和改革局").unwrap();
        assert!(!is_other_agency("沭阳县发改局", &reference));
        assert!(!is_other_agency("沭阳县人民政府", &reference));
        assert!(!is_other_agency("宿迁市发展和改革委员会", &reference));
        assert!(is_other_agency("泗阳县发展和改革局", &reference));
        let government = AgencyName::parse("淮安市人民政府").unwrap();
        assert!(!is_other_agency("淮安市人民政府办公室", &government));
        assert!(!is_other_agency("清江浦区人民政府", &government));
    }

    #[test]
    fn a_body_of_another_kind_at_another_place_is_a_mismatch() {
        let text = "新凰区住房和城乡建设局2023年政府信息公开工作年度报告\n一、总体情况\n概述。\n新塘市民政局\n2024年1月15日";
        let flags = flags_of(text);
        assert_eq!(flags.len(), 1, "{flags:?}");
        assert_eq!(flags[0].evidence["found"], "新塘市民政局");
        let own = AgencyName::parse("甲县司法局").unwrap();
        assert!(is_other_agency("乙县民政局", &own));
        assert!(!is_other_agency("甲县人民政府", &own));
    }

    #[test]
    fn a_government_s_report_may_open_sentences_on_its_subordinates() {
        let text = "甲市人民政府2024年政府信息公开工作年度报告\n一、总体情况\n2024年，乙市人民政府推进政务公开。\n甲市人民政府\n2025年1月15日";
        assert!(flags_of(text).is_empty());
    }

    proptest::proptest! {
        /// A name that writes the title's agency exactly is never another agency: what lets
        /// the rule pass over a signature written so without reading it.
        #[test]
        fn the_title_s_own_name_is_never_another_agency(
            name in crate::document::texts_of(
                &[
                    "某市", "甲县", "城市", "区", "人民政府", "办公室", "司法局", "和", "、",
                    "管理局", "乌拉特中旗", "街道", " ", "发展和改革委员会",
                ],
                1..8,
            )
        ) {
            if let Some(reference) = AgencyName::parse(&name) {
                proptest::prop_assert!(!is_other_agency(&name, &reference), "{}", name);
            }
        }
    }

    #[test]
    fn a_title_without_place_is_not_judged() {
        let text =
            "司法局2023年政府信息公开工作年度报告\n一、总体情况\n概述。\n乙县司法局\n2024年1月15日";
        let flags = flags_of(text);
        assert!(flags.is_empty(), "{flags:?}");
    }
}
