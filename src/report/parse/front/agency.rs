//! The agency's best-known name: the title's, or, when the title's is generic (「市司法局」,
//! 「司法局」), a fuller name that ends with it, from the signature or the body
//! (「聊城市司法局」).

use std::collections::HashMap;

use crate::report::front::{
    has_place_and_level, is_full_agency_name, is_han, FrontSource, Provenance, Signatory,
};
use crate::report::Title;
use crate::text::Document;

/// The longest place prefix taken in front of a generic name.
const MAX_PREFIX_CHARS: usize = 10;

/// Characters that end a place prefix read backwards: function words and the ends of other
/// bodies' names (「在聊城市司法局」, 「县委政法委和县司法局」). A stop character is only cut
/// when at least two characters remain, so that 即墨区 keeps its 即.
const STOPS: [char; 29] = [
    '在', '由', '对', '经', '与', '及', '是', '为', '向', '将', '以', '了', '的', '据', '按', '照',
    '请', '被', '把', '于', '即', '并', '等', '受', '给', '委', '府', '局', '厅',
];

/// Words of prose that are never part of a place's name (「全面梳理区教育局」 is a sentence
/// about 区教育局, not a body called so): a prefix is cut after the last of them.
const PROSE_WORDS: [&str; 36] = [
    "全面",
    "梳理",
    "开展",
    "加强",
    "推进",
    "落实",
    "组织",
    "做好",
    "完成",
    "根据",
    "按照",
    "配合",
    "协调",
    "联合",
    "会同",
    "指导",
    "督促",
    "要求",
    "通过",
    "积极",
    "认真",
    "深入",
    "持续",
    "建立",
    "健全",
    "完善",
    "召开",
    "参加",
    "报送",
    "印发",
    "转发",
    "牵头",
    "协助",
    "工作",
    "进一步",
    "统筹",
];

/// The agency's best-known name when the title names one: the title's, or a fuller form of it
/// from the signature or the body when the title's is generic; with where it was read.
pub fn from_title(
    doc: &Document,
    title: &Title,
    signatory: Option<&Signatory>,
) -> Option<(String, Provenance)> {
    let named = title.agency.clone()?;
    let at = |source, line| Provenance { source, line };
    let title_line = title.agency_span.map_or(title.line, |s| s.line);
    if is_full_agency_name(&named) {
        return Some((named, at(FrontSource::Title, title_line)));
    }
    if let Some(signed) =
        signatory.filter(|s| s.name.len() > named.len() && s.name.ends_with(&named))
    {
        if has_place_and_level(&signed.name) {
            return Some((
                signed.name.clone(),
                at(FrontSource::Signature, signed.span.line),
            ));
        }
    }
    Some(match fuller_in_body(doc, &named) {
        Some((fuller, line)) => (fuller, at(FrontSource::Body, line)),
        None => (named, at(FrontSource::Title, title_line)),
    })
}

/// The fuller name most often written in the body for a generic one, with the line it is first
/// written on.
fn fuller_in_body(doc: &Document, named: &str) -> Option<(String, u32)> {
    let mut votes: HashMap<String, (usize, usize, u32)> = HashMap::new();
    for line in doc.lines().filter(|l| l.folded.contains(named)) {
        for (at, _) in line.folded.match_indices(named) {
            let Some(prefix) = place_prefix(&line.folded[..at]) else {
                continue;
            };
            let candidate = prefix + named;
            if !has_place_and_level(&candidate) {
                continue;
            }
            let order = votes.len();
            votes.entry(candidate).or_insert((0, order, line.no)).0 += 1;
        }
    }
    votes
        .into_iter()
        .max_by_key(|(_, (count, order, _))| (*count, std::cmp::Reverse(*order)))
        .map(|(name, (_, _, line))| (name, line))
}

/// The run of ideographs right before a name, cut after the last stop character.
fn place_prefix(before: &str) -> Option<String> {
    let mut run: Vec<char> = before
        .chars()
        .rev()
        .take_while(|c| is_han(*c))
        .take(MAX_PREFIX_CHARS)
        .collect();
    run.reverse();
    let cuttable = run.len().saturating_sub(2);
    if let Some(stop) = run[..cuttable].iter().rposition(|c| STOPS.contains(c)) {
        run.drain(..=stop);
    }
    let text: String = run.into_iter().collect();
    let cut = PROSE_WORDS
        .iter()
        .filter_map(|w| text.rfind(w).map(|at| at + w.len()))
        .max()
        .unwrap_or(0);
    let rest = &text[cut..];
    (!rest.is_empty()).then(|| rest.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn place_prefixes() {
        assert_eq!(place_prefix("2023年，聊城").as_deref(), Some("聊城"));
        assert_eq!(place_prefix("工作，在聊城").as_deref(), Some("聊城"));
        assert_eq!(place_prefix("即墨").as_deref(), Some("即墨"));
        assert_eq!(
            place_prefix("根据三门峡市陕州").as_deref(),
            Some("三门峡市陕州")
        );
        assert_eq!(place_prefix("按照聊城").as_deref(), Some("聊城"));
        assert_eq!(place_prefix("在日照").as_deref(), Some("日照"));
        assert_eq!(place_prefix("，"), None);
        assert_eq!(place_prefix("2023年，全面梳理"), None);
        assert_eq!(place_prefix("认真落实聊城").as_deref(), Some("聊城"));
    }
}
