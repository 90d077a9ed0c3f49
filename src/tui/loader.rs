//! Feeds the dashboard with inbox events: the first scan, and rescans on demand.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::Instant;

use rayon::prelude::*;

use nianbao::check::{self, CheckOptions};
use nianbao::inbox::{InboxEvent, Trigger};
use nianbao::ingest::{self, WalkEntry};
use nianbao::report;

/// The events of an inbox, and a way to ask for a rescan.
pub struct Feed {
    pub events: Receiver<InboxEvent>,
    sender: Sender<InboxEvent>,
    inbox: PathBuf,
    options: CheckOptions,
}

impl Feed {
    pub fn rescan(&self) {
        scan(
            self.inbox.clone(),
            self.options.clone(),
            self.sender.clone(),
            Trigger::Rescan,
        );
    }
}

/// Starts the first scan of `inbox` on its own thread.
pub fn spawn(inbox: PathBuf, options: CheckOptions) -> Feed {
    let (sender, events) = mpsc::channel();
    scan(
        inbox.clone(),
        options.clone(),
        sender.clone(),
        Trigger::InitialScan,
    );
    Feed {
        events,
        sender,
        inbox,
        options,
    }
}

fn scan(inbox: PathBuf, options: CheckOptions, sender: Sender<InboxEvent>, trigger: Trigger) {
    std::thread::spawn(move || {
        let start = Instant::now();
        let entries = ingest::walk(&[inbox]);
        let _ = sender.send(InboxEvent::ScanStarted {
            total: entries.len(),
            trigger,
        });
        entries
            .par_iter()
            .for_each_with(sender.clone(), |sender, entry| {
                let report = match entry {
                    WalkEntry::File(path) => check::check_file(path, &options),
                    WalkEntry::Failed(path, failure) => check::check_report(
                        path,
                        &report::parse::unreadable(failure.clone()),
                        &options.selection,
                    ),
                };
                let content_hash = std::fs::read(&report.path)
                    .ok()
                    .map(|bytes| xxhash_rust::xxh3::xxh3_64(&bytes));
                let _ = sender.send(InboxEvent::Checked {
                    report: Box::new(report),
                    content_hash,
                    trigger,
                });
            });
        let _ = sender.send(InboxEvent::ScanFinished {
            total: entries.len(),
            elapsed: start.elapsed(),
        });
    });
}
