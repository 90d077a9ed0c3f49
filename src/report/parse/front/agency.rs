//! The agency's best-known name: the title's, or, when the title's is generic (「市司法局」,
//! 「司法局」), a fuller name that ends with it, from the signature or the body
//! (「聊城市司法局」).

use std::collections::HashMap;

use crate::report::dates::DateMention;
use crate::report::front::{has_place_and_level, is_full_agency_name, is_han};
use crate::report::Title;
use crate::text::Document;

use super::signature::signatory;

/// The longest place prefix taken in front of a generic name.
const MAX_PREFIX_CHARS: usize = 10;

/// Characters that end a place prefix read backwards: function words and the ends of other
/// bodies' names (「在聊城市司法局」, 「县委政法委和县司法局」). A stop character is only cut
/// when at least two characters remain, so that 即墨区 keeps its 即.
const STOPS: [char; 29] = [
    '在', '由', '对', '经', '与', '及', '是', '为', '向', '将', '以', '了', '的', '据', '按', '照',
    '请', '被', '把', '于', '即', '并', '等', '受', '给', '委', '府', '局', '厅',
];

/// The agency's best-known name.
pub fn best(
    doc: &Document,
    title: Option<&Title>,
    signature: Option<&DateMention>,
) -> Option<String> {
    let signed = signature.and_then(|s| signatory(doc, s)).map(|s| s.name);
    let Some(named) = title.and_then(|t| t.agency.clone()) else {
        return signed;
    };
    if is_full_agency_name(&named) {
        return Some(named);
    }
    if let Some(signed) = signed.filter(|s| s.len() > named.len() && s.ends_with(&named)) {
        if has_place_and_level(&signed) {
            return Some(signed);
        }
    }
    Some(fuller_in_body(doc, &named).unwrap_or(named))
}

/// The fuller name most often written in the body for a generic one.
fn fuller_in_body(doc: &Document, named: &str) -> Option<String> {
    let mut votes: HashMap<String, (usize, usize)> = HashMap::new();
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
            votes.entry(candidate).or_insert((0, order)).0 += 1;
        }
    }
    votes
        .into_iter()
        .max_by_key(|(_, (count, order))| (*count, std::cmp::Reverse(*order)))
        .map(|(name, _)| name)
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
    (!run.is_empty()).then(|| run.into_iter().collect())
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
    }
}
