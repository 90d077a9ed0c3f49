//! The cross-report rules on small inboxes of fixture reports: each rule flagged and
//! accepted, fingerprints across re-submission, and what a change re-checks.

use std::collections::BTreeSet;
use std::path::PathBuf;

use proptest::strategy::Strategy as _;

use super::{CrossIndex, CrossSettings, ReportFacts, Sketch};
use crate::flag::Flag;
use crate::report::tables::fixtures::{self, Fixture};
use crate::rules::RuleSelection;

/// A fixture report of an agency (the fixture's 「某某县司法局」 renamed).
pub(crate) fn of(agency: &str, fixture: Fixture) -> String {
    fixture.replace("某某县司法局", agency).text()
}

/// A fixture report parsed, its year taken from its title when the parser did not read one.
pub(crate) fn parsed(text: &str) -> crate::report::Report {
    let mut report = crate::report::parse::parse_text(text, crate::ingest::SourceEncoding::Utf8);
    report.year = report.year.or_else(|| {
        text.split('年')
            .next()
            .and_then(|t| t.get(t.len().saturating_sub(4)..))
            .and_then(|y| y.parse().ok())
    });
    report
}

fn facts(text: &str) -> ReportFacts {
    ReportFacts::of(&parsed(text))
}

/// An index of the reports, their facts in a spill file as in a `check` run (the live inbox's
/// index in memory is tested by `a_change_touches_only_the_related_reports` and by
/// `an_index_judges_alike_in_memory_and_spilled`).
fn index(reports: &[(&str, String)]) -> CrossIndex {
    let mut index = CrossIndex::spilled().expect("temp folder writable");
    for (path, text) in reports {
        index.add(PathBuf::from(path), facts(text));
    }
    index.settle();
    index
}

fn flags(index: &CrossIndex, path: &str, code: &str) -> Vec<Flag> {
    index.check(
        &PathBuf::from(path),
        &RuleSelection::only(code),
        &CrossSettings::default(),
    )
}

pub(crate) fn t3_row(total: &str) -> [&str; 7] {
    ["0", "0", "0", "0", "0", "0", total]
}

#[test]
fn carryover_mismatch_names_both_reports_and_cells() {
    let last = of(
        "甲县司法局",
        fixtures::rows()
            .year(2022)
            .row("t3.carried-over", &t3_row("3")),
    );
    let wrong = of("三门峡市甲县司法局", fixtures::rows().year(2023));
    let right = of(
        "甲县司法局",
        fixtures::rows()
            .year(2023)
            .row("t3.carried-in", &t3_row("3")),
    );
    let other = of("乙县司法局", fixtures::rows().year(2022));
    let inbox = index(&[("a/2022.txt", last.clone()), ("a/2023.txt", wrong)]);
    let found = flags(&inbox, "a/2023.txt", "carryover-mismatch");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].evidence["other_path"], "a/2022.txt");
    assert_eq!(found[0].evidence["other_year"], 2022);
    assert_eq!(found[0].evidence["columns"][0], "总计");
    assert!(flags(&inbox, "a/2022.txt", "carryover-mismatch").is_empty());
    let inbox = index(&[("a/2022.txt", last), ("a/2023.txt", right.clone())]);
    assert!(flags(&inbox, "a/2023.txt", "carryover-mismatch").is_empty());
    // Another agency's carried-over figures are not this one's.
    let inbox = index(&[("b/2022.txt", other), ("a/2023.txt", right)]);
    assert!(flags(&inbox, "a/2023.txt", "carryover-mismatch").is_empty());
}

#[test]
fn a_fingerprint_survives_resubmission_under_another_path() {
    let last = of(
        "甲县司法局",
        fixtures::rows()
            .year(2022)
            .row("t3.carried-over", &t3_row("3")),
    );
    let this = of("甲县司法局", fixtures::rows().year(2023));
    let first = index(&[("a/2022.txt", last.clone()), ("a/2023.txt", this.clone())]);
    let again = index(&[("x/old.txt", last), ("x/新版.txt", this)]);
    let one = flags(&first, "a/2023.txt", "carryover-mismatch");
    let two = flags(&again, "x/新版.txt", "carryover-mismatch");
    assert_eq!(one[0].fingerprint, two[0].fingerprint);
}

/// A 2019 report of 甲县司法局 with 20 permits at the start of the year and 3 more during it.
pub(crate) fn permits_2019() -> String {
    of(
        "甲县司法局",
        fixtures::rows()
            .v2019()
            .year(2019)
            .row("t2.permits", &["行政许可", "20", "3", "0"]),
    )
}

#[test]
fn valid_and_item_counts_carry_over() {
    let last = of(
        "甲县司法局",
        fixtures::rows()
            .year(2022)
            .row("t2.regulations", &["规章", "0", "0", "10"]),
    );
    let wrong = of(
        "甲县司法局",
        fixtures::rows()
            .year(2023)
            .row("t2.regulations", &["规章", "2", "1", "15"]),
    );
    let right = of(
        "甲县司法局",
        fixtures::rows()
            .year(2023)
            .row("t2.regulations", &["规章", "2", "1", "11"]),
    );
    let inbox = index(&[("2022.txt", last.clone()), ("2023.txt", wrong)]);
    let found = flags(&inbox, "2023.txt", "valid-count-continuity");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].evidence["expected"], 11);
    let inbox = index(&[("2022.txt", last), ("2023.txt", right)]);
    assert!(flags(&inbox, "2023.txt", "valid-count-continuity").is_empty());

    let y2019 = permits_2019();
    let wrong = of(
        "甲县司法局",
        fixtures::rows()
            .v2019()
            .row("t2.permits", &["行政许可", "20", "0", "0"]),
    );
    let right = of(
        "甲县司法局",
        fixtures::rows()
            .v2019()
            .row("t2.permits", &["行政许可", "23", "0", "0"]),
    );
    let inbox = index(&[("2019.txt", y2019.clone()), ("2020.txt", wrong)]);
    let found = flags(&inbox, "2020.txt", "item-count-continuity");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].evidence["expected"], 23);
    let inbox = index(&[("2019.txt", y2019), ("2020.txt", right)]);
    assert!(flags(&inbox, "2020.txt", "item-count-continuity").is_empty());
}

#[test]
fn going_back_to_the_2019_template_is_a_regression() {
    let y2022 = of("甲县司法局", fixtures::rows().year(2022));
    let y2023 = of("甲县司法局", fixtures::rows().v2019().year(2023));
    let inbox = index(&[("2022.txt", y2022), ("2023.txt", y2023)]);
    assert_eq!(flags(&inbox, "2023.txt", "template-regression").len(), 1);
    let y2020 = of("甲县司法局", fixtures::rows().v2019());
    let y2021 = of("甲县司法局", fixtures::rows().year(2021));
    let inbox = index(&[("2020.txt", y2020), ("2021.txt", y2021)]);
    assert!(flags(&inbox, "2020.txt", "template-regression").is_empty());
    assert!(flags(&inbox, "2021.txt", "template-regression").is_empty());
}

#[test]
fn duplicates_are_matched_by_normalised_name_not_file_name() {
    let short = of("陕州区司法局", fixtures::rows());
    let full = of("三门峡市陕州区司法局", fixtures::rows());
    let next_year = of("陕州区司法局", fixtures::rows().year(2024));
    let inbox = index(&[
        ("a.txt", short.clone()),
        ("b.txt", full),
        ("c.txt", next_year),
    ]);
    let found = flags(&inbox, "a.txt", "duplicate-report");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].evidence["other_path"], "b.txt");
    assert_eq!(flags(&inbox, "b.txt", "duplicate-report").len(), 1);
    assert!(flags(&inbox, "c.txt", "duplicate-report").is_empty());
}

/// A narrative of its own for a fixture (the fixtures all share one).
pub(crate) fn own_words(fixture: Fixture, words: &str) -> Fixture {
    fixture.replace("本机关认真贯彻落实《条例》，做好政府信息公开工作。", words)
}

const OVERVIEW_A: &str =
    "本局围绕法治政府建设，主动公开行政执法信息三百余条，开展普法宣传进社区活动二十场，\
                          完善公共法律服务平台建设，推动复议应诉案件办理公开透明，接受群众监督。";
const OVERVIEW_B: &str =
    "本局聚焦社会救助和养老服务，及时公开低保特困供养资金发放情况，更新养老机构名录，\
                          开展婚姻登记预约服务，推进殡葬改革政策解读，回应群众关切的热点问题。";

#[test]
fn copies_of_last_year_and_of_peers_are_found() {
    let last = of(
        "甲县司法局",
        own_words(fixtures::rows().year(2022), OVERVIEW_A),
    );
    let same = of("甲县司法局", own_words(fixtures::rows(), OVERVIEW_A));
    let new = of("甲县司法局", own_words(fixtures::rows(), OVERVIEW_B));
    let inbox = index(&[("2022.txt", last.clone()), ("2023.txt", same)]);
    let found = flags(&inbox, "2023.txt", "copied-from-previous-year");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].evidence["other_path"], "2022.txt");
    let inbox = index(&[("2022.txt", last), ("2023.txt", new)]);
    assert!(flags(&inbox, "2023.txt", "copied-from-previous-year").is_empty());

    let mine = of("甲县司法局", own_words(fixtures::rows(), OVERVIEW_A));
    let copy = of("乙县民政局", own_words(fixtures::rows(), OVERVIEW_A));
    let theirs = of("乙县民政局", own_words(fixtures::rows(), OVERVIEW_B));
    let inbox = index(&[("a.txt", mine.clone()), ("b.txt", copy)]);
    assert_eq!(flags(&inbox, "a.txt", "copied-from-peer").len(), 1);
    assert_eq!(flags(&inbox, "b.txt", "copied-from-peer").len(), 1);
    let inbox = index(&[("a.txt", mine), ("b.txt", theirs)]);
    assert!(flags(&inbox, "a.txt", "copied-from-peer").is_empty());
}

#[test]
fn naming_another_inbox_agency_as_itself_is_an_error() {
    let copied = of("甲县司法局", fixtures::rows()) + "\n乙县民政局\n2024年1月15日";
    let other = of("乙县民政局", own_words(fixtures::rows(), OVERVIEW_B));
    let inbox = index(&[("a.txt", copied.clone()), ("b.txt", other)]);
    let found = flags(&inbox, "a.txt", "foreign-agency-name");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].evidence["found"], "乙县民政局");
    assert_eq!(found[0].evidence["other_path"], "b.txt");
    // Without that agency in the inbox, `agency-mismatch` alone speaks.
    let inbox = index(&[("a.txt", copied)]);
    assert!(flags(&inbox, "a.txt", "foreign-agency-name").is_empty());
    // The own government's office compiling the report is not a foreign name.
    let compiled = of("甲县人民政府", fixtures::rows()) + "\n甲县人民政府办公室\n2024年1月15日";
    let office = of("甲县人民政府办公室", fixtures::rows().year(2022));
    let inbox = index(&[("g.txt", compiled), ("o.txt", office)]);
    assert!(flags(&inbox, "g.txt", "foreign-agency-name").is_empty());
}

#[test]
fn plausibility_is_info_with_thresholds() {
    let last = of(
        "甲县司法局",
        fixtures::rows().year(2022).row("t3.new", &t3_row("3")),
    );
    let jump = of("甲县司法局", fixtures::rows().row("t3.new", &t3_row("64")));
    let calm = of("甲县司法局", fixtures::rows().row("t3.new", &t3_row("9")));
    let inbox = index(&[("2022.txt", last.clone()), ("2023.txt", jump)]);
    let found = flags(&inbox, "2023.txt", "year-on-year-jump");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].severity, crate::flag::Severity::Info);
    let inbox = index(&[("2022.txt", last), ("2023.txt", calm)]);
    assert!(flags(&inbox, "2023.txt", "year-on-year-jump").is_empty());

    let t4 = |kept: &str, corrected: &str| {
        let mut cells = vec![kept, corrected, "0", "0", "8"];
        cells.extend(["0"; 10]);
        of("甲县司法局", fixtures::rows().row("t4.values", &cells))
    };
    let inbox = index(&[("high.txt", t4("5", "3")), ("low.txt", t4("7", "1"))]);
    let found = flags(&inbox, "high.txt", "correction-rate-high");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(flags(&inbox, "low.txt", "correction-rate-high").is_empty());
    let lenient = CrossSettings {
        correction_rate: 0.5,
        ..CrossSettings::default()
    };
    let selection = RuleSelection::only("correction-rate-high");
    assert!(inbox
        .check(&PathBuf::from("high.txt"), &selection, &lenient)
        .is_empty());
}

/// The `n`th narrative of its own: ideographs no other such narrative uses, so that it is no
/// other report's narrative neighbour.
pub(crate) fn words_of_its_own(n: u32) -> String {
    let start = 0x4E00 + n * 400;
    (0..120)
        .filter_map(|k| char::from_u32(start + k * 3))
        .collect()
}

#[test]
fn a_change_touches_only_the_related_reports() {
    let mut inbox = CrossIndex::new();
    let places = [
        "甲县", "乙县", "丙县", "丁县", "戊县", "己县", "庚县", "辛县",
    ];
    for (i, place) in places.iter().enumerate() {
        for year in 2021..=2024 {
            let text = words_of_its_own(i as u32 * 4 + (year - 2021) as u32);
            let report = of(
                &format!("{place}司法局"),
                own_words(fixtures::rows().year(year), &text),
            );
            inbox.add(PathBuf::from(format!("{place}/{year}.txt")), facts(&report));
        }
    }
    assert_eq!(inbox.len(), 32);
    let changed = of(
        "甲县司法局",
        own_words(
            fixtures::rows().year(2023),
            "甲县2023年改写后的总体情况，本局全年主动公开信息一百二十条。",
        ),
    );
    let touched = inbox.insert(PathBuf::from("甲县/2023.txt"), facts(&changed));
    let expected: BTreeSet<PathBuf> = ["甲县/2022.txt", "甲县/2023.txt", "甲县/2024.txt"]
        .into_iter()
        .map(PathBuf::from)
        .collect();
    assert_eq!(touched, expected);
    let removed = inbox.remove(&PathBuf::from("乙县/2021.txt"));
    // Itself and every later year of 乙县 (a later year may regress to the old template).
    assert_eq!(removed.len(), 4, "{removed:?}");
    assert!(removed.iter().all(|p| p.starts_with("乙县")));
    assert_eq!(inbox.len(), 31);
}

#[test]
fn thresholds_come_from_the_cross_table_of_the_configuration() {
    let config =
        crate::config::Config::parse("[cross]\ncorrection_rate = 0.5\njump_minimum = 20\n", "t")
            .expect("a valid [cross] table");
    let selection = config.selection();
    assert_eq!(selection.cross.correction_rate, 0.5);
    assert_eq!(selection.cross.jump_minimum, 20);
    assert_eq!(selection.cross.copy_containment, 0.8);
    assert!(crate::config::Config::parse("[cross]\ncopy_containment = 1.5\n", "t").is_err());
    assert!(crate::config::Config::parse("[cross]\nunknown = 1\n", "t").is_err());
}

#[test]
fn compact_bands_share_remove_and_reuse_their_lists() {
    let mut bands = super::Bands::default();
    let members = |bands: &super::Bands, year, band, hash| -> Vec<u32> {
        bands.get(year, band, hash).iter().collect()
    };
    bands.add(2023, 1, 77, 4);
    assert_eq!(members(&bands, 2023, 1, 77), [4]);
    // Another year, band or hash is another bucket.
    assert!(members(&bands, 2022, 1, 77).is_empty());
    assert!(members(&bands, 2023, 2, 77).is_empty());
    assert!(members(&bands, 2023, 1, 78).is_empty());
    bands.add(2023, 1, 77, 9);
    bands.add(2023, 1, 77, 2);
    assert_eq!(members(&bands, 2023, 1, 77), [4, 9, 2]);
    for id in [9, 4, 2] {
        bands.remove(2023, 1, 77, id);
    }
    assert!(members(&bands, 2023, 1, 77).is_empty());
    assert!(bands.map.is_empty(), "an emptied band leaves no entry");
    // The emptied list is reused by the next shared band.
    bands.add(2024, 0, 5, 1);
    bands.add(2024, 0, 5, 3);
    assert_eq!(members(&bands, 2024, 0, 5), [1, 3]);
    assert_eq!(bands.shared.len(), 1);
    // Removing a report a bucket does not hold changes nothing.
    bands.remove(2024, 0, 5, 8);
    bands.add(2025, 0, 5, 6);
    bands.remove(2025, 0, 5, 7);
    assert_eq!(members(&bands, 2024, 0, 5), [1, 3]);
    assert_eq!(members(&bands, 2025, 0, 5), [6]);
}

proptest::proptest! {
    /// Bands deferred and settled a batch at a time (in the table's order, not the order they
    /// came in) hold what bands added one at a time hold, before and after settling, and tell
    /// the same reports as sharing a band.
    #[test]
    fn deferred_bands_settle_to_what_adding_each_at_once_gives(
        steps in proptest::collection::vec((0u8..4, 0u64..40, 0usize..50), 1..300),
    ) {
        let mut at_once = super::Bands::default();
        let mut deferred = super::Bands::default();
        let mut shared_at_once = BTreeSet::new();
        let mut shared_deferred = BTreeSet::new();
        let bands_of = |hash: u64| (2020 + (hash % 3) as i32, (hash % 16) as u8, hash);
        for (step, hash, id) in steps {
            let (year, band, hash) = bands_of(hash);
            match step {
                0 | 1 => {
                    if let Some(first) = at_once.add(year, band, hash, id) {
                        shared_at_once.extend([(id as u32, band), (first, band)]);
                    }
                    deferred.defer(year, band, hash, id);
                }
                2 => deferred.settle(|id, first, band| {
                    shared_deferred.extend([(id, band), (first, band)]);
                }),
                _ => {
                    deferred.settle(|id, first, band| {
                        shared_deferred.extend([(id, band), (first, band)]);
                    });
                    at_once.remove(year, band, hash, id);
                    deferred.remove(year, band, hash, id);
                }
            }
            for hash in 0..40 {
                let (year, band, hash) = bands_of(hash);
                let mut expected: Vec<u32> = at_once.get(year, band, hash).iter().collect();
                let members = deferred.get(year, band, hash);
                proptest::prop_assert_eq!(members.len(), expected.len());
                let mut members: Vec<u32> = members.iter().collect();
                members.sort_unstable();
                expected.sort_unstable();
                proptest::prop_assert_eq!(members, expected);
            }
        }
        deferred.settle(|id, first, band| {
            shared_deferred.extend([(id, band), (first, band)]);
        });
        proptest::prop_assert!(deferred.pending.is_empty());
        proptest::prop_assert_eq!(shared_deferred, shared_at_once);
    }
}

proptest::proptest! {
    /// The bands looked up together by [`super::Bands::get_all`] (keys, then probes, then
    /// shared lists) hold the same reports, in the same order, as each looked up alone by
    /// [`super::Bands::get`]: bands of one report, of several and of none, some of them
    /// still waiting to be settled, any of them asked for twice.
    #[test]
    fn bands_looked_up_together_hold_what_each_looked_up_alone_holds(
        added in proptest::collection::vec((0u8..16, 0u64..24, 0usize..40, 0u8..3), 0..200),
        asked in proptest::collection::vec((0u8..16, 0u64..24), 0..20),
        year in 2021i32..2024,
    ) {
        let mut bands = super::Bands::default();
        for (band, hash, id, how) in added {
            // Years around the one asked about: a band of another year is another band.
            let added_year = 2021 + (hash % 3) as i32;
            match how {
                0 => {
                    bands.add(added_year, band, hash, id);
                }
                1 => bands.defer(added_year, band, hash, id),
                _ => bands.settle(|_, _, _| {}),
            }
        }
        let together = bands.get_all(year, asked.iter().copied());
        proptest::prop_assert_eq!(together.len(), asked.len());
        for (members, &(band, hash)) in together.iter().zip(&asked) {
            let alone = bands.get(year, band, hash);
            proptest::prop_assert_eq!(members.iter().collect::<Vec<u32>>(), alone.iter().collect::<Vec<u32>>());
        }
    }
}

proptest::proptest! {
    /// Band keys sorted by [`super::place_order`] and slot come in the order of the three-part
    /// key it replaced (the place in the table, the key, the slot), for any table size: keys
    /// that share their place (small keys, keys alike but for their top bits), equal keys of
    /// several slots, and any key.
    #[test]
    fn the_place_order_sorts_as_place_then_key(
        keys in proptest::collection::vec(
            (
                proptest::prop_oneof![
                    0u64..64,
                    (0u64..4, 0u64..64).prop_map(|(top, low)| top << 62 | low),
                    proptest::prelude::any::<u64>(),
                ],
                0u32..4,
            ),
            0..200,
        ),
        place_bits in 0u32..24,
    ) {
        let places = (1u64 << place_bits) - 1;
        let mut expected = keys.clone();
        expected.sort_by_key(|&(key, id)| (key & places, key, id));
        let mut sorted = keys;
        sorted.sort_unstable_by_key(|&(key, id)| (super::place_order(key, place_bits), id));
        proptest::prop_assert_eq!(sorted, expected);
    }
}

/// `CrossIndex::reserve` makes room for as many band entries as a report can add: a long
/// narrative fills every bin, and its bands are then all there are.
#[test]
fn a_full_sketch_has_the_bands_the_index_reserves_for() {
    let text: String = (0..400)
        .map(|i| {
            format!(
                "第{i}项工作按照条例要求认真落实并公开办理结果编号{}。",
                i * 7919
            )
        })
        .collect();
    let sketch = Sketch::of(&text).expect("long enough for a sketch");
    assert_eq!(sketch.bands().count(), super::BANDS_A_REPORT);
    let mut index = CrossIndex::new();
    index.reserve(1000);
    assert!(index.bands.map.capacity() >= 1000 * super::BANDS_A_REPORT);
}

#[test]
fn an_agencys_years_stay_in_year_order() {
    let mut years = super::Years::default();
    for (year, id) in [(2022, 5), (2020, 1), (2022, 2), (2021, 7), (2024, 3)] {
        years.add(year, id);
    }
    // Within a year, in the order added.
    assert_eq!(years.of(2022).collect::<Vec<_>>(), [5, 2]);
    assert_eq!(years.of(2023).count(), 0);
    assert_eq!(years.before(2022).collect::<Vec<_>>(), [1, 7]);
    assert_eq!(
        years.from(2021).collect::<Vec<_>>(),
        [(2021, 7), (2022, 5), (2022, 2), (2024, 3)]
    );
    assert_eq!(years.all().count(), 5);
    years.remove(2022, 5);
    years.remove(2022, 3);
    assert_eq!(years.of(2022).collect::<Vec<_>>(), [2]);
    assert_eq!(years.all().count(), 4);
}

#[test]
fn cross_messages_read_right_in_both_languages() {
    let message = |index: &CrossIndex, path: &str, code: &str| -> Vec<[String; 2]> {
        flags(index, path, code)
            .into_iter()
            .map(|f| {
                [
                    f.message.get(crate::i18n::Lang::Zh).to_string(),
                    f.message.get(crate::i18n::Lang::En).to_string(),
                ]
            })
            .collect()
    };
    let last = of(
        "甲县司法局",
        own_words(fixtures::rows().year(2022), OVERVIEW_A).row("t3.carried-over", &t3_row("3")),
    );
    let this = of("甲县司法局", own_words(fixtures::rows(), OVERVIEW_A));
    let inbox = index(&[("a/2022.txt", last), ("a/2023.txt", this.clone())]);
    let mut found = message(&inbox, "a/2023.txt", "carryover-mismatch");
    found.extend(message(&inbox, "a/2023.txt", "copied-from-previous-year"));
    let twin = of("三门峡市甲县司法局", fixtures::rows());
    let peer = of("乙县民政局", own_words(fixtures::rows(), OVERVIEW_A));
    let inbox = index(&[("a.txt", this), ("b.txt", twin), ("c.txt", peer)]);
    found.extend(message(&inbox, "a.txt", "duplicate-report"));
    found.extend(message(&inbox, "a.txt", "copied-from-peer"));
    let mut cells = vec!["5", "3", "0", "0", "8"];
    cells.extend(["0"; 10]);
    let high = of("甲县司法局", fixtures::rows().row("t4.values", &cells));
    found.extend(message(
        &index(&[("h.txt", high)]),
        "h.txt",
        "correction-rate-high",
    ));
    // The same numbers as last year, in a narrative of its own.
    let numbers = || fixtures::rows().row("t3.new", &t3_row("3"));
    let inbox = index(&[
        (
            "2022.txt",
            of("甲县司法局", own_words(numbers().year(2022), OVERVIEW_A)),
        ),
        (
            "2023.txt",
            of("甲县司法局", own_words(numbers(), OVERVIEW_B)),
        ),
    ]);
    found.extend(message(&inbox, "2023.txt", "copied-from-previous-year"));
    let y2019 = permits_2019();
    let y2020 = of("甲县司法局", fixtures::rows().v2019());
    let inbox = index(&[("2019.txt", y2019), ("2020.txt", y2020)]);
    found.extend(message(&inbox, "2020.txt", "item-count-continuity"));
    let copied = of("甲县司法局", fixtures::rows()) + "\n乙县民政局\n2024年1月15日";
    let other = of("乙县民政局", own_words(fixtures::rows(), OVERVIEW_B));
    let inbox = index(&[("a.txt", copied), ("b.txt", other)]);
    found.extend(message(&inbox, "a.txt", "foreign-agency-name"));
    let expected = [
        [
            "表三“上年结转”与2022年度报告（a/2022.txt）的“结转下年度继续办理”不一致：总计 0≠3",
            "表三 carried-in differs from carried-over in the 2022 report (a/2022.txt): 总计 0≠3",
        ],
        [
            "正文（一、五、六部分）约 100% 与2022年度报告（a/2022.txt）相同",
            "about 100% of the narrative (sections 一, 五, 六) is in the 2022 report (a/2022.txt)",
        ],
        [
            "收件箱中另有本机关2023年度报告：b.txt",
            "the inbox holds another 2023 report of this agency: b.txt",
        ],
        [
            "正文（一、五、六部分）约 100% 与乙县民政局的同年度报告（c.txt）相同",
            "about 100% of the narrative (sections 一, 五, 六) is shared with 乙县民政局's report \
             of the same year (c.txt)",
        ],
        [
            "行政复议结果纠正 3 件，占总计 8 件的 38%",
            "administrative review: 3 of 8 corrected (38%)",
        ],
        [
            "表二、表三、表四的数字与2022年度报告（2022.txt）完全相同",
            "tables 二, 三 and 四 are identical to the 2022 report (2022.txt)",
        ],
        [
            "表二（t2.permits）上一年项目数量 0 与2019年度的 20 + 本年增/减 3 = 23 不符",
            "表二 (t2.permits) items at the start 0 differ from 2019's 20 + change 3 = 23",
        ],
        [
            "以「乙县民政局」自称，而该机关的报告也在收件箱中（b.txt）",
            "refers to itself as 「乙县民政局」, an agency whose report is in the inbox (b.txt)",
        ],
    ];
    assert_eq!(found, expected);
}

/// An agency's reports of several years hold one copy of its name, as given and as read.
#[test]
fn an_agencys_years_share_one_copy_of_its_name() {
    let index = index(&[
        ("a/2021.txt", of("甲县司法局", fixtures::rows().year(2021))),
        ("a/2022.txt", of("甲县司法局", fixtures::rows().year(2022))),
        ("b/2022.txt", of("乙县司法局", fixtures::rows().year(2022))),
    ]);
    let slot = |path: &str| index.get(&PathBuf::from(path)).expect("indexed");
    let (first, second, other) = (slot("a/2021.txt"), slot("a/2022.txt"), slot("b/2022.txt"));
    let given = |f: &super::Indexed| f.agency.clone().expect("agency");
    let read = |f: &super::Indexed| f.name.clone().expect("name");
    assert!(std::sync::Arc::ptr_eq(&given(first), &given(second)));
    assert!(std::sync::Arc::ptr_eq(&read(first), &read(second)));
    assert!(!std::sync::Arc::ptr_eq(&given(first), &given(other)));
    assert_eq!(&*given(other), "乙县司法局");
}

/// The same inbox judged from facts in memory and from facts in a spill file gives the same
/// flags, and the same reports to re-check when one changes or leaves: every rule, reports of
/// several agencies and years (copies, jumps, carry-overs, a foreign name, a regression).
#[test]
fn an_index_judges_alike_in_memory_and_spilled() {
    let reports: Vec<(String, String)> = vec![
        ("a/2021.txt", of("甲县司法局", fixtures::rows().year(2021))),
        (
            "a/2022.txt",
            of(
                "甲县司法局",
                own_words(fixtures::rows().year(2022), OVERVIEW_A)
                    .row("t3.new", &t3_row("3"))
                    .row("t3.carried-over", &t3_row("3")),
            ),
        ),
        (
            "a/2023.txt",
            of(
                "甲县司法局",
                own_words(fixtures::rows().v2019().year(2023), OVERVIEW_A)
                    .row("t3.new", &t3_row("64")),
            ),
        ),
        (
            "b/2023.txt",
            of("乙县民政局", own_words(fixtures::rows(), OVERVIEW_A)),
        ),
        (
            "b/copy.txt",
            of("乙县民政局", own_words(fixtures::rows(), OVERVIEW_B)),
        ),
        (
            "c/2023.txt",
            of("丙县司法局", fixtures::rows()) + "\n乙县民政局\n2024年1月15日",
        ),
        ("d/2019.txt", permits_2019()),
        (
            "d/2020.txt",
            of(
                "甲县司法局",
                fixtures::rows()
                    .v2019()
                    .row("t2.permits", &["行政许可", "20", "0", "0"]),
            ),
        ),
    ]
    .into_iter()
    .map(|(path, text)| (path.to_string(), text))
    .collect();
    let mut memory = CrossIndex::new();
    let mut spilled = CrossIndex::spilled().expect("temp folder writable");
    for (path, text) in &reports {
        memory.add(PathBuf::from(path), facts(text));
        spilled.add(PathBuf::from(path), facts(text));
    }
    // One settled, one judged with its bands still waiting: a look-up finds them all the same.
    spilled.settle();
    assert!(!memory.bands.pending.is_empty());
    let all = |index: &CrossIndex| -> Vec<Flag> {
        reports
            .iter()
            .flat_map(|(path, _)| {
                index
                    .try_check(
                        &PathBuf::from(path),
                        &RuleSelection::default(),
                        &CrossSettings::default(),
                    )
                    .expect("read back")
            })
            .collect()
    };
    let flagged = all(&memory);
    let codes: BTreeSet<&str> = flagged.iter().map(|f| f.code).collect();
    assert!(codes.len() >= 6, "{codes:?}");
    assert_eq!(all(&spilled), flagged);

    let changed = of(
        "甲县司法局",
        own_words(fixtures::rows().year(2022), OVERVIEW_B),
    );
    let path = PathBuf::from("a/2022.txt");
    assert_eq!(
        spilled.insert(path.clone(), facts(&changed)),
        memory.insert(path.clone(), facts(&changed))
    );
    assert_eq!(spilled.remove(&path), memory.remove(&path));
    assert_eq!(all(&spilled), all(&memory));
}
