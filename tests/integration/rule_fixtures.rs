//! Every rule in the catalogue proves itself on whole report files, and every fixture shows
//! what a user would see on it.
//!
//! For each registered code there is a folder `tests/fixtures/rules/<code>/` holding at least one
//! `flagged-<what>` fixture (checking it gives at least one flag with that code) and at least one
//! `accepted-<what>` fixture (checking it gives no flag with that code). A folder for a code that
//! is not registered, or a file that is neither, is an error too: it is a typo that would
//! otherwise silently test nothing. Documentation and registration are held by `catalogue.rs`.
//!
//! Fixtures are checked the way `nianbao check` checks a file (read, decode, parse, every rule
//! with the default selection), so the reading rules of B0 are tested on real bytes.
//!
//! A fixture shows its point and nothing else: no flag of another code, error, warning or info,
//! unless it cannot be without it (`BY_NATURE`, which says why) or the flag is a rule's mistake
//! (`FALSE_FLAGS`). So an accepted fixture is clean, and a rule that starts firing on another
//! rule's fixture fails the test. Every flag of every fixture, flagged and accepted (code,
//! severity, line:column, the message in Chinese and English), is pinned in an insta snapshot per
//! rule, `snapshots/integration__rule_fixtures__<code>.snap`: a changed message or place shows up
//! in review (`cargo insta review`) instead of passing silently.
//!
//! # Whole files and patches
//!
//! A fixture that is a base report of `tests/fixtures/bases/` with a few lines changed is stored
//! as that change, `<kind>-<what>.patch` (first line `base <file>`, then `= N text`, `- N`,
//! `+ N text` against the base's lines: `common::apply_patch`); the change is the fixture's
//! point, readable at a glance. Every base checks clean (`every_base_report_checks_clean`), and
//! `tests/fixtures/bases/README.md` says what each is. A fixture stays a whole `.txt` file when
//! its bytes are the point and a patch, which is UTF-8 text split on `\n`, cannot hold them, or
//! when it is no base report changed:
//! - encodings and binary: `legacy-encoding/flagged-gb18030`, `unreadable-file/accepted-gb18030`,
//!   `unreadable-file/flagged-png-renamed`;
//! - an empty file: `unreadable-file/flagged-empty`;
//! - not a report at all: `not-a-report/flagged-meeting-notice`;
//! - a layout that is the point and that no base has: `table-missing/accepted-column-layout`
//!   (the tables as columns).
//!
//! `no_whole_fixture_is_a_base_with_a_few_lines_changed` holds this for the rule fixtures and
//! the cross-report ones (`tests/fixtures/cross/`, whose remaining whole reports are agency
//! histories of their own). The small hand-written texts of `tests/fixtures/{tables,text,
//! structure}/` and the real reports of `tests/fixtures/real/` are no base report changed.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use crate::common;

use nianbao::flag::Flag;
use nianbao::i18n::Lang;
use nianbao::rules::REGISTRY;

fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules")
}

/// The file names in a fixture folder, sorted.
fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// A flag a fixture shows beside its point that it cannot be without: the fixture (`<code>/<stem>`),
/// the code of the flag, and why. Every other flag on a fixture is a defect of the fixture (make
/// it clean) or of a rule.
struct AlsoFlagged {
    fixture: &'static str,
    code: &'static str,
    why: &'static str,
}

/// The flags that fixtures show by nature, beside the one their folder is about.
const BY_NATURE: &[AlsoFlagged] = &[
    AlsoFlagged {
        fixture: "blank-cell/flagged-blank-row",
        code: "table-not-assessable",
        why: "a blank row leaves the identities of Table 3 through it uncheckable",
    },
    AlsoFlagged {
        fixture: "cell-count/flagged-six-values",
        code: "table-not-assessable",
        why: "a row with a cell missing leaves the identities of Table 3 through it uncheckable",
    },
    AlsoFlagged {
        fixture: "fee-statement-missing/accepted-2020-six-none",
        code: "section-empty",
        why: "section VI saying only 无 is the point: no fee statement is due before the 2021 template",
    },
    AlsoFlagged {
        fixture: "fee-statement-missing/flagged-six-none",
        code: "section-empty",
        why: "section VI saying only 无 is how the fee statement goes missing",
    },
    AlsoFlagged {
        fixture: "label-local-variant/accepted-reworded-label",
        code: "label-mismatch",
        why: "a reworded label is label-mismatch's, not a local variant: that is the point",
    },
    AlsoFlagged {
        fixture: "not-a-report/accepted-no-title",
        code: "title-missing",
        why: "a report without a title is still a report: title-missing, not not-a-report",
    },
    AlsoFlagged {
        fixture: "period-reversed/flagged-end-year-typo",
        code: "period-year-mismatch",
        why: "an end year typed a year early also ends the period outside the report year",
    },
    AlsoFlagged {
        fixture: "section-empty/accepted-subitem-none",
        code: "subsection-empty",
        why: "an overview sub-item saying only 无 is subsection-empty's, not section-empty's",
    },
    AlsoFlagged {
        fixture: "section-missing/accepted-arabic-numbering",
        code: "section-numbering",
        why: "a section numbered 5、 is there, misnumbered: section-numbering, not section-missing",
    },
    AlsoFlagged {
        fixture: "table-not-assessable/flagged-blank-row",
        code: "blank-cell",
        why: "the blank cells that make Table 3 unassessable are themselves flagged",
    },
    AlsoFlagged {
        fixture: "table-row-extra/accepted-reworded-row",
        code: "label-mismatch",
        why: "a reworded row label is label-mismatch's, not an extra row: that is the point",
    },
    AlsoFlagged {
        fixture: "table-row-missing/flagged-2021-unpaid-fee-row",
        code: "table-not-assessable",
        why: "a missing row of Table 3 leaves its identities uncheckable",
    },
    AlsoFlagged {
        fixture: "template-mixed/accepted-normative-label-in-2021",
        code: "label-mismatch",
        why: "a lone 2019 label in a 2021 Table 2 is label-mismatch's, not a mix: that is the point",
    },
    AlsoFlagged {
        fixture: "template-mixed/flagged-2021-with-procurement-block",
        code: "table-row-extra",
        why: "the 2019 procurement row is not in the 2021 Table 2",
    },
    AlsoFlagged {
        fixture: "unfinished-text/flagged-period-cut",
        code: "period-malformed",
        why: "a statistics period cut before 日 is also a malformed period",
    },
    AlsoFlagged {
        fixture: "unreadable-file/accepted-gb18030",
        code: "legacy-encoding",
        why: "a GB18030 file is readable, and its encoding is noted",
    },
];

/// Flags on fixtures that are false: the rule is wrong, not the fixture. Each is reported to
/// the rule's owner; the fixture stays as it is so that the fix shows in its snapshot (and
/// this entry then fails as stale).
const FALSE_FLAGS: &[AlsoFlagged] = &[];

/// Why `code` may flag `fixture` beside its point, if it may.
fn also_flagged(fixture: &str, code: &str) -> Option<&'static AlsoFlagged> {
    BY_NATURE
        .iter()
        .chain(FALSE_FLAGS)
        .find(|a| a.fixture == fixture && a.code == code)
}

/// `flagged-<what>` of a fixture's file name: a fixture stored as a patch reads the same as a
/// whole file.
fn stem(name: &str) -> &str {
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}

/// The rule fixtures of `code`'s folder, by file name.
fn fixtures_of(code: &str) -> Vec<String> {
    files_in(&fixtures_root().join(code))
}

/// The flags of a fixture, in the order the user reads them.
fn flags_of(code: &str, name: &str) -> Vec<Flag> {
    common::checked_fixture(&fixtures_root().join(code).join(name)).flags
}

/// Every fixture shows its point and nothing else: a flagged fixture has a flag of its folder's
/// code, an accepted one has none, and neither has a flag of another code (error, warning or
/// info) unless `BY_NATURE` or `FALSE_FLAGS` says why. A flag of another rule that starts
/// firing on a fixture fails here, and shows in that rule's snapshot.
#[test]
fn every_fixture_shows_its_point_and_nothing_else() {
    let root = fixtures_root();
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    for rule in REGISTRY {
        let code = rule.meta().code;
        let dir = root.join(code);
        if !dir.is_dir() {
            problems.push(format!(
                "{code}: no fixture folder tests/fixtures/rules/{code}/ (needs flagged-*.txt and accepted-*.txt)"
            ));
            continue;
        }
        let names = fixtures_of(code);
        if !names.iter().any(|n| n.starts_with("flagged-")) {
            problems.push(format!("{code}: no flagged-*.txt fixture"));
        }
        if !names.iter().any(|n| n.starts_with("accepted-")) {
            problems.push(format!("{code}: no accepted-*.txt fixture"));
        }
        for name in &names {
            let known = (name.starts_with("flagged-") || name.starts_with("accepted-"))
                && (name.ends_with(".txt") || name.ends_with(".patch"));
            if !known {
                problems.push(format!(
                    "{code}/{name}: a fixture is named flagged-<what>.txt or accepted-<what>.txt (or .patch)"
                ));
                continue;
            }
            let fixture = format!("{code}/{}", stem(name));
            let flags = flags_of(code, name);
            let own = flags.iter().filter(|f| f.code == code).count();
            if name.starts_with("flagged-") && own == 0 {
                problems.push(format!("{fixture}: expected a `{code}` flag, got none"));
            }
            for flag in &flags {
                let place = format!(
                    "{}:{}",
                    flag.location.line.unwrap_or(0),
                    flag.location.column.unwrap_or(0)
                );
                if flag.code == code {
                    if name.starts_with("accepted-") {
                        problems.push(format!(
                            "{fixture}: must not be flagged, got `{code}` at {place}: {}",
                            flag.message.get(Lang::En)
                        ));
                    }
                } else if also_flagged(&fixture, flag.code).is_some() {
                    seen.insert((fixture.clone(), flag.code.to_string()));
                } else {
                    problems.push(format!(
                        "{fixture}: `{}` at {place} is not the fixture's point (make the fixture clean, or say in BY_NATURE why it cannot be): {}",
                        flag.code,
                        flag.message.get(Lang::En)
                    ));
                }
            }
        }
    }
    for also in BY_NATURE.iter().chain(FALSE_FLAGS) {
        if !seen.contains(&(also.fixture.to_string(), also.code.to_string())) {
            problems.push(format!(
                "{}: listed as also flagged by `{}`, which no longer flags it: remove the entry",
                also.fixture, also.code
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "rule fixtures (tests/fixtures/rules/<code>/):\n  {}",
        problems.join("\n  ")
    );
}

#[test]
fn every_fixture_folder_names_a_registered_rule() {
    let codes: BTreeSet<&str> = REGISTRY.iter().map(|r| r.meta().code).collect();
    let strays: Vec<String> = files_in(&fixtures_root())
        .into_iter()
        .filter(|name| !codes.contains(name.as_str()))
        .collect();
    assert!(
        strays.is_empty(),
        "fixture folders for codes that are not registered (a typo, or a rule not in REGISTRY): {strays:?}"
    );
}

/// What a user sees on each fixture of rule `code`, flagged and accepted: every flag, of any
/// code, where it is, and its message in both languages; a flag that is not the fixture's point
/// says why it is there.
fn pinned_flags(code: &str) -> String {
    let mut out = String::new();
    for name in fixtures_of(code) {
        let fixture = format!("{code}/{}", stem(&name));
        let _ = writeln!(out, "{}", stem(&name));
        let flags = flags_of(code, &name);
        if flags.is_empty() {
            let _ = writeln!(out, "  (nothing flagged)");
        }
        for flag in &flags {
            let _ = writeln!(
                out,
                "  {}:{} {} {}\n    zh: {}\n    en: {}",
                flag.location.line.unwrap_or(0),
                flag.location.column.unwrap_or(0),
                flag.code,
                flag.severity.label(Lang::En),
                flag.message.get(Lang::Zh),
                flag.message.get(Lang::En)
            );
            if flag.code != code {
                if let Some(also) = also_flagged(&fixture, flag.code) {
                    let _ = writeln!(out, "    why: {}", also.why);
                }
            }
        }
    }
    out
}

#[test]
fn every_flag_on_every_fixture_is_pinned() {
    for rule in REGISTRY {
        let code = rule.meta().code;
        insta::assert_snapshot!(code, pinned_flags(code));
    }
}

#[test]
fn a_patch_replaces_deletes_and_inserts_against_the_base_lines() {
    let base = "one\ntwo\tcells\nthree\n";
    let patch = "base any.txt\n= 2 TWO\tcells\n- 3\n+ 1 zero\n+ 5 end\n";
    assert_eq!(
        common::apply_patch(base, patch).as_deref(),
        Ok("zero\none\nTWO\tcells\n\nend")
    );
    assert!(common::apply_patch(base, "base any.txt\n- 6\n").is_err());
    assert!(common::apply_patch(base, "base any.txt\n- 2\n= 2 x\n").is_err());
    assert!(common::apply_patch(base, "base any.txt\n* 2 x\n").is_err());
}

#[test]
fn every_patch_fixture_names_a_base_and_applies() {
    let mut patches = 0;
    for code in files_in(&fixtures_root()) {
        let dir = fixtures_root().join(&code);
        for name in files_in(&dir).iter().filter(|n| n.ends_with(".patch")) {
            // Panics with the fixture's name when the base is missing or the patch is wrong.
            assert!(!common::fixture_bytes(&dir.join(name)).is_empty());
            patches += 1;
        }
    }
    let bases = files_in(&common::fixture_bases());
    assert!(patches == 0 || !bases.is_empty(), "patches without bases");
}

/// A base report that shows any flag would lend it to every fixture written against it: each
/// must check clean, errors, warnings and infos alike.
#[test]
fn every_base_report_checks_clean() {
    let bases: Vec<String> = files_in(&common::fixture_bases())
        .into_iter()
        .filter(|n| n.ends_with(".txt"))
        .collect();
    assert!(
        !bases.is_empty(),
        "no base reports in tests/fixtures/bases/"
    );
    let mut problems = Vec::new();
    for name in &bases {
        for flag in common::checked(&common::fixture_bases().join(name)).flags {
            problems.push(format!(
                "{name}: `{}` at {}:{}: {}",
                flag.code,
                flag.location.line.unwrap_or(0),
                flag.location.column.unwrap_or(0),
                flag.message.get(Lang::En)
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "base reports that are not clean:\n  {}",
        problems.join("\n  ")
    );
}

/// The lines in which two texts differ, in any order: those of each that the other lacks.
fn lines_apart(a: &str, b: &str) -> usize {
    let mut count: HashMap<&str, isize> = HashMap::new();
    for line in a.split('\n') {
        *count.entry(line).or_default() += 1;
    }
    for line in b.split('\n') {
        *count.entry(line).or_default() -= 1;
    }
    count.values().map(|n| n.unsigned_abs()).sum()
}

/// The whole `.txt` files under `dir`, at any depth.
fn whole_files_under(dir: &Path, found: &mut Vec<PathBuf>) {
    for name in files_in(dir) {
        let path = dir.join(&name);
        if path.is_dir() {
            whole_files_under(&path, found);
        } else if name.ends_with(".txt") {
            found.push(path);
        }
    }
}

/// A fixture that is a base report with a few lines changed is stored as a patch on it, not
/// as another copy (the rule and the cross-report fixtures). A fixture whose bytes are not
/// UTF-8 text stays whole: a patch cannot hold them.
#[test]
fn no_whole_fixture_is_a_base_with_a_few_lines_changed() {
    const FEW: usize = 20;
    let bases: Vec<(String, String)> = files_in(&common::fixture_bases())
        .into_iter()
        .filter(|n| n.ends_with(".txt"))
        .map(|n| {
            let text = common::fixture_text(&common::fixture_bases().join(&n));
            (n, text)
        })
        .collect();
    let mut whole = Vec::new();
    for area in ["rules", "cross"] {
        whole_files_under(&common::fixture(area, ""), &mut whole);
    }
    assert!(!whole.is_empty(), "no whole fixtures found");
    let mut problems = Vec::new();
    for path in &whole {
        let Ok(text) = String::from_utf8(common::fixture_bytes(path)) else {
            continue;
        };
        for (name, base) in &bases {
            let apart = lines_apart(&text, base);
            if apart <= FEW {
                problems.push(format!(
                    "{}: {apart} lines apart from base {name}: store it as a patch",
                    path.display()
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
