//! A newer version of the same agency's report for the same year is in the inbox: this file is
//! kept as history.
//!
//! 收件箱中有同一机关同一年度报告的较新版本：本文件仅作为历史版本保留。
//!
//! ## What it checks
//! Of the files of one agency (by its normalised name, as `duplicate-report` matches them) and
//! year, every one but the newest is flagged, naming the newest. The newest is the file
//! modified last; of files modified at the same time, the last by path. The dashboard marks
//! the same files 旧版 and leaves them out of the counts.
//!
//! ## 检查内容
//! 同一机关（按规范化名称匹配，与 `duplicate-report` 相同）同一年度的多个文件中，除最新的一份外，
//! 每一份都会被标记，并写明最新的一份。最新的一份是修改时间最晚的文件；修改时间相同时，取路径
//! 排序最后的一份。仪表板把这些文件标为「旧版」，不计入报告数。
//!
//! ## Why it matters
//! A re-submitted report replaces the one sent before: the older file is history, not a
//! second report. Its flags describe a version the agency has already replaced, and the
//! supervisor should read the newest one.
//!
//! ## 为何重要
//! 重新报送的报告取代此前报送的版本：旧文件只是历史，不是第二份报告。旧文件上的问题属于已被取代
//! 的版本，审核人应以最新一份为准。
//!
//! ## Authority
//! 《条例》第四十九条、第五十条 (one annual report per agency); rules.md B9.
//!
//! ## 依据
//! 《条例》第四十九条、第五十条（每个机关每年一份年度报告）；rules.md B9。
//!
//! ## Flagged
//! ```text
//! inbox/甲县司法局2023.txt        甲县司法局 2023   modified 2024-01-20
//! inbox/甲县司法局2023-修改.txt   甲县司法局 2023   modified 2024-01-28
//! ```
//!
//! ## Accepted
//! ```text
//! inbox/甲县司法局2022.txt   甲县司法局 2022
//! inbox/甲县司法局2023.txt   甲县司法局 2023
//! ```

use std::path::Path;
use std::sync::Arc;

use crate::flag::Location;
use crate::i18n::Lang;
use crate::rules::cross::{CrossContext, CrossRule};
use crate::rules::{Finding, Findings, Message};

pub struct ReportSuperseded;

impl CrossRule for ReportSuperseded {
    crate::rule_meta!(
        "report-superseded",
        Inbox,
        Info,
        "同一机关同一年度有较新版本，本文件为旧版",
        "A newer version of this report is in the inbox"
    );

    fn check(&self, context: &CrossContext<'_>, findings: &mut Findings<'_>) {
        let this = context.this;
        let Some(year) = this.year else {
            return;
        };
        // This report is among its agency's of its year (its own place is its place).
        let newest = context.newest_of_agency(year);
        let Some(newest) = newest.filter(|n| n.path != this.path) else {
            return;
        };
        // Keyed on this file's name, not on the newest one's nor on content: the flag stays
        // the same flag when this file is replaced or another version arrives. Its name, not
        // its path: the dashboard sees the inbox by its absolute path and `nianbao export
        // INBOX` by the path given, and a verdict must hold in both.
        findings.report(
            Finding::typed(
                Location::WHOLE,
                Superseded {
                    year,
                    newest: newest.path.clone(),
                },
            )
            .other_report(newest)
            .key(
                this.path
                    .file_name()
                    .unwrap_or(this.path.as_os_str())
                    .to_string_lossy()
                    .into_owned(),
            ),
        );
    }
}

/// An older version of the agency's report of `year`: the `newest` is another file.
#[derive(Debug)]
struct Superseded {
    year: i32,
    newest: Arc<Path>,
}

impl Message for Superseded {
    fn message(&self, lang: Lang) -> String {
        let (year, path) = (self.year, self.newest.display());
        match lang {
            Lang::Zh => format!("收件箱中有本机关{year}年度报告的较新版本：{path}；本文件为旧版"),
            Lang::En => format!(
                "the inbox holds a newer version of this agency's {year} report: {path}; \
                 this file is history"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::time::{Duration, SystemTime};

    use crate::inbox::{Inbox, InboxEvent, Reading, Trigger};
    use crate::pipeline;
    use crate::report::tables::fixtures;
    use crate::rules::cross::tests::{of, own_words, parsed, words_of_its_own};
    use crate::rules::RuleSelection;

    /// 甲县司法局's 2023 report at `path`, modified at `seconds`, as the watcher sends it.
    fn arrived(path: &str, seconds: Option<u64>) -> InboxEvent {
        let text = of(
            "甲县司法局",
            own_words(fixtures::rows().year(2023), &words_of_its_own(200)),
        );
        let report = parsed(&text);
        let checked = pipeline::check_report(
            Path::new(""),
            Path::new(path),
            &report,
            &RuleSelection::default(),
        );
        let mut reading = Reading::of(&report);
        if let Some(facts) = &mut reading.facts {
            facts.modified = seconds.map(|s| SystemTime::UNIX_EPOCH + Duration::from_secs(s));
        }
        InboxEvent::Checked {
            report: Box::new(checked),
            content_hash: Some(xxhash_rust::xxh3::xxh3_64(path.as_bytes())),
            trigger: Trigger::Change,
            reading: Some(Box::new(reading)),
        }
    }

    /// The `report-superseded` flag of the file at `path`.
    fn superseded_flag<'a>(inbox: &'a Inbox, path: &str) -> Option<&'a crate::flag::Flag> {
        inbox
            .get(Path::new(path))?
            .report
            .flags
            .iter()
            .find(|f| f.code == "report-superseded")
    }

    /// The files of an inbox with a `report-superseded` flag, and those marked 旧版.
    fn flagged_and_marked(inbox: &Inbox) -> (Vec<String>, Vec<String>) {
        let name = |e: &crate::inbox::Entry| e.report.path.to_string_lossy().into_owned();
        let flagged = inbox
            .entries()
            .iter()
            .filter(|e| e.report.flags.iter().any(|f| f.code == "report-superseded"))
            .map(name)
            .collect();
        let marked = inbox
            .entries()
            .iter()
            .filter(|e| e.superseded)
            .map(name)
            .collect();
        (flagged, marked)
    }

    /// More versions than the index gathers each time (its group found once and shared): every
    /// one but the newest is flagged, naming the newest, and a newer arrival moves the flags
    /// (the group is found again once the index changed).
    #[test]
    fn a_report_sent_many_times_names_the_newest_version() {
        let mut inbox = Inbox::new();
        let versions = crate::rules::cross::SMALL_GROUP + 8;
        // Modification times out of path order, none equal (7 is prime to the count): v17's is
        // the latest.
        let seconds = |i: usize| ((i * 7) % versions) as u64 * 10;
        let path = |i: usize| format!("v{i:02}.txt");
        for i in 0..versions {
            inbox.apply(arrived(&path(i), Some(seconds(i))));
        }
        let newest = (0..versions).max_by_key(|&i| seconds(i)).expect("versions");
        assert_eq!(
            newest, 17,
            "the newest is neither the first nor the last path"
        );
        let (flagged, marked) = flagged_and_marked(&inbox);
        let others: Vec<String> = (0..versions).filter(|&i| i != newest).map(path).collect();
        assert_eq!(flagged, others);
        assert_eq!(marked, flagged);
        for other in &others {
            let flag = superseded_flag(&inbox, other).expect("flag on an older version");
            assert_eq!(flag.evidence["other_path"], path(newest).as_str());
        }

        inbox.apply(arrived("w.txt", Some(10_000)));
        let (flagged, marked) = flagged_and_marked(&inbox);
        assert_eq!(flagged, (0..versions).map(path).collect::<Vec<_>>());
        assert_eq!(marked, flagged);
        let flag = superseded_flag(&inbox, &path(newest)).expect("the old newest is flagged");
        assert_eq!(flag.evidence["other_path"], "w.txt");
    }

    /// The newest by modification time wins over the order of arrival and of paths; with equal
    /// times, the last path. The 旧版 mark falls on exactly the flagged files.
    #[test]
    fn the_flag_and_the_inbox_mark_agree_on_the_older_versions() {
        let mut inbox = Inbox::new();
        // b.txt arrives last and sorts last, but a.txt was modified later: a.txt is current.
        inbox.apply(arrived("a.txt", Some(200)));
        inbox.apply(arrived("b.txt", Some(100)));
        let (flagged, marked) = flagged_and_marked(&inbox);
        assert_eq!(flagged, vec!["b.txt".to_string()]);
        assert_eq!(marked, flagged);
        let flag = superseded_flag(&inbox, "b.txt").expect("flag on b.txt");
        assert_eq!(flag.evidence["other_path"], "a.txt");

        // A third version modified at the same time as a.txt: the later path, c.txt, is current.
        inbox.apply(arrived("c.txt", Some(200)));
        let (flagged, marked) = flagged_and_marked(&inbox);
        assert_eq!(flagged, vec!["a.txt".to_string(), "b.txt".to_string()]);
        assert_eq!(marked, flagged);

        // The current one leaves: a.txt counts again.
        inbox.apply(InboxEvent::Removed {
            path: "c.txt".into(),
        });
        let (flagged, marked) = flagged_and_marked(&inbox);
        assert_eq!(flagged, vec!["b.txt".to_string()]);
        assert_eq!(marked, flagged);
    }

    /// The fingerprint of an older version's flag does not change when a newer version arrives.
    #[test]
    fn the_fingerprint_survives_another_version() {
        let mut inbox = Inbox::new();
        inbox.apply(arrived("a.txt", Some(100)));
        inbox.apply(arrived("b.txt", Some(200)));
        let fingerprint = |inbox: &Inbox| superseded_flag(inbox, "a.txt").map(|f| f.fingerprint);
        let before = fingerprint(&inbox).expect("a.txt flagged");
        inbox.apply(arrived("c.txt", Some(300)));
        assert_eq!(fingerprint(&inbox), Some(before));
    }

    /// The dashboard sees an inbox by its absolute path and `nianbao export INBOX` by the path
    /// given: the same file's flag has the same fingerprint either way, so a verdict holds.
    #[test]
    fn the_fingerprint_does_not_depend_on_how_the_inbox_was_named() {
        let fingerprint = |root: &str| {
            let mut inbox = Inbox::new();
            inbox.apply(arrived(&format!("{root}/a.txt"), Some(100)));
            inbox.apply(arrived(&format!("{root}/b.txt"), Some(200)));
            superseded_flag(&inbox, &format!("{root}/a.txt")).map(|f| f.fingerprint)
        };
        let relative = fingerprint("收件箱").expect("a.txt flagged");
        assert_eq!(fingerprint("/srv/公开办/收件箱"), Some(relative));
    }
}
