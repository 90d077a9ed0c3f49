//! The template version markers of rules.md A4, counted only inside the tables.
//!
//! Prose is never looked at: 「政府集中采购」 in a 2021 report's text is not a marker, only a
//! table cell that is exactly that label is.

use std::cmp::Ordering;

use crate::report::TemplateVersion;

/// Markers counted in one table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Markers {
    pub v2019: u32,
    pub v2021: u32,
}

impl Markers {
    pub fn add(&mut self, version: Option<TemplateVersion>) {
        match version {
            Some(TemplateVersion::V2019) => self.v2019 += 1,
            Some(TemplateVersion::V2021) => self.v2021 += 1,
            None => {}
        }
    }

    /// The version with more markers; `None` when there are none or as many of each.
    pub fn majority(self) -> Option<TemplateVersion> {
        match self.v2019.cmp(&self.v2021) {
            Ordering::Greater => Some(TemplateVersion::V2019),
            Ordering::Less => Some(TemplateVersion::V2021),
            Ordering::Equal => None,
        }
    }
}

/// The version a 表二 cell's key marks, if any (column labels, row labels and block headers
/// that exist in only one template), and whether the marker is structural: a column, row or
/// block only that template has. 「规范性文件」/「行政规范性文件」 and 「处理决定数量」/「本年处理决定
/// 数量」 differ by a word that a slip adds or drops, so they point to a version but do not show
/// that two templates were mixed.
pub fn table2_marker_kind(key: &str) -> Option<(TemplateVersion, bool)> {
    use TemplateVersion::{V2019, V2021};
    match key {
        "规范性文件" | "处理决定数量" => Some((V2019, false)),
        "行政规范性文件" | "本年处理决定数量" => Some((V2021, false)),
        "本年新制作数量"
        | "本年新公开数量"
        | "对外公开总数量"
        | "上一年项目数量"
        | "本年增/减"
        | "本年增减"
        | "其他对外管理服务事项"
        | "第二十条第(九)项"
        | "政府集中采购"
        | "采购项目数量" => Some((V2019, true)),
        "本年制发件数" | "本年废止件数" | "现行有效件数" => Some((V2021, true)),
        _ if key.starts_with("采购总金额") => Some((V2019, true)),
        _ if key.starts_with("本年收费金额") => Some((V2021, true)),
        _ => None,
    }
}

/// The 2021 sub-rows of 表三's （六）其他处理.
const TABLE3_2021_ROWS: &[&str] = &[
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.其他",
];

/// Whether a label cell's folded text may have the key of a 表三 marker (see
/// [`table3_marker`]): every marker's key holds 其, and [`label_key`](crate::text::label_key)
/// writes 其 only for a 其 in the text (no other character folds or simplifies to it), so a
/// text without one is no marker and its key need not be read. Most row labels have none.
pub fn may_be_table3_marker(folded: &str) -> bool {
    // In UTF-8 a character's last byte after its first two is that character: the last byte
    // is found by `memchr` (`str::contains` with a char costs several times more on a short
    // label).
    let [first, second, last] = MARKER_UTF8;
    let bytes = folded.as_bytes();
    memchr::memchr_iter(last, bytes).any(|at| at >= 2 && bytes[at - 2..at] == [first, second])
}

/// The character every 表三 marker's key holds, 其, in UTF-8.
const MARKER_UTF8: [u8; 3] = [0xE5, 0x85, 0xB6];

/// 2019's row of 表三 that marks that template when it holds numbers.
const TABLE3_2019_ROW: &str = "(六)其他处理";

/// Whether a text is the key of one of 表三's markers as written: each is its own key (a
/// test pins it), so a label cell written so has it without its key being read.
pub fn is_table3_marker_key(text: &str) -> bool {
    text == TABLE3_2019_ROW || TABLE3_2021_ROWS.contains(&text)
}

/// The version a 表三 row label marks: 2019's one row （六）其他处理 with numbers, or one of
/// 2021's three sub-rows.
pub fn table3_marker(row_key: &str, has_values: bool) -> Option<TemplateVersion> {
    if row_key == TABLE3_2019_ROW && has_values {
        return Some(TemplateVersion::V2019);
    }
    TABLE3_2021_ROWS
        .contains(&row_key)
        .then_some(TemplateVersion::V2021)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::label_key;

    /// The character of [`MARKER_UTF8`].
    const MARKER_CHARACTER: char = '其';

    #[test]
    fn the_marker_bytes_are_qi() {
        assert_eq!(MARKER_CHARACTER.to_string().as_bytes(), MARKER_UTF8);
    }

    /// The characters [`label_key`] writes 其 for: only 其 itself (it writes each character
    /// simplified, the ideographs as they are and the others folded first).
    #[test]
    fn only_qi_itself_keys_as_qi() {
        let keyed_as_qi: Vec<char> = (0..=u32::from(char::MAX))
            .filter_map(char::from_u32)
            .filter(|&c| {
                crate::text::simplified(c) == MARKER_CHARACTER
                    || crate::text::simplified(crate::text::fold_char(c)) == MARKER_CHARACTER
                    || label_key(&c.to_string()).contains(MARKER_CHARACTER)
            })
            .collect();
        assert_eq!(keyed_as_qi, vec![MARKER_CHARACTER]);
    }

    proptest::proptest! {
        /// The byte search finds 其 where the text holds it, and only there.
        #[test]
        fn the_marker_filter_is_a_search_for_qi(text in "[其制慶具期a(一)六他处理 ]{0,10}") {
            proptest::prop_assert_eq!(
                may_be_table3_marker(&text),
                text.contains(MARKER_CHARACTER)
            );
        }
    }

    /// Every 表三 marker's key passes the quick filter, and a text that fails it has a key that
    /// is no marker.
    #[test]
    fn texts_without_qi_are_no_table3_markers() {
        let markers = TABLE3_2021_ROWS.iter().copied().chain(["(六)其他处理"]);
        for marker in markers {
            assert!(may_be_table3_marker(marker), "{marker}");
            assert!(table3_marker(marker, true).is_some(), "{marker}");
        }
        for spec in TemplateVersion::V2019
            .table3()
            .iter()
            .chain(TemplateVersion::V2021.table3())
        {
            let folded = crate::text::fold(spec.label);
            for has_values in [false, true] {
                if table3_marker(&label_key(&folded), has_values).is_some() {
                    assert!(may_be_table3_marker(&folded), "{}", spec.label);
                }
            }
        }
    }

    /// Every 表三 marker's key is its own key, written so it is a marker key as written, and
    /// no other text of the template is.
    #[test]
    fn table3_marker_keys_are_their_own_keys() {
        let markers: Vec<&str> = TABLE3_2021_ROWS
            .iter()
            .copied()
            .chain([TABLE3_2019_ROW])
            .collect();
        for marker in &markers {
            assert_eq!(label_key(marker), *marker);
            assert!(is_table3_marker_key(marker), "{marker}");
            assert!(table3_marker(marker, true).is_some(), "{marker}");
        }
        for spec in TemplateVersion::V2019
            .table3()
            .iter()
            .chain(TemplateVersion::V2021.table3())
        {
            let key = label_key(spec.label);
            assert_eq!(
                is_table3_marker_key(&key),
                markers.contains(&key.as_str()),
                "{key}"
            );
            assert!(!is_table3_marker_key(spec.label) || markers.contains(&spec.label));
        }
        assert!(!is_table3_marker_key("3.其他 "));
        assert!(!is_table3_marker_key("3、其他"));
    }

    /// Every 表三 marker's key opens with its numbering, an ASCII character: a key opening with
    /// an ideograph (see `labels::key_opening`) is none, which 表三's marker pass tells
    /// before reading a key.
    #[test]
    fn every_table3_marker_opens_with_an_ascii_numbering() {
        for marker in TABLE3_2021_ROWS.iter().copied().chain(["(六)其他处理"]) {
            assert!(marker.starts_with(|c: char| c.is_ascii()), "{marker}");
            assert_eq!(
                crate::report::parse::tables::labels::key_opening(marker),
                None
            );
        }
    }

    fn table2_marker(key: &str) -> Option<TemplateVersion> {
        table2_marker_kind(key).map(|(version, _)| version)
    }

    #[test]
    fn table2_markers_come_from_either_template() {
        assert_eq!(table2_marker("本年制发件数"), Some(TemplateVersion::V2021));
        assert_eq!(
            table2_marker(&label_key("本年收费金额（单位：万元）")),
            Some(TemplateVersion::V2021)
        );
        assert_eq!(
            table2_marker(&label_key("第二十条第（九）项")),
            Some(TemplateVersion::V2019)
        );
        assert_eq!(table2_marker("规章"), None);
        assert_eq!(
            table2_marker_kind("规范性文件"),
            Some((TemplateVersion::V2019, false))
        );
        assert_eq!(
            table2_marker_kind(&label_key("第二十条第（九）项")),
            Some((TemplateVersion::V2019, true))
        );
        assert_eq!(table2_marker("本年度止件数"), None);
    }

    #[test]
    fn the_2019_other_row_marks_only_with_numbers() {
        assert_eq!(
            table3_marker("(六)其他处理", true),
            Some(TemplateVersion::V2019)
        );
        assert_eq!(table3_marker("(六)其他处理", false), None);
        assert_eq!(table3_marker("3.其他", true), Some(TemplateVersion::V2021));
    }

    #[test]
    fn majority_ties_are_undecided() {
        let mut markers = Markers::default();
        assert_eq!(markers.majority(), None);
        markers.add(Some(TemplateVersion::V2019));
        assert_eq!(markers.majority(), Some(TemplateVersion::V2019));
        markers.add(Some(TemplateVersion::V2021));
        assert_eq!(markers.majority(), None);
    }
}
