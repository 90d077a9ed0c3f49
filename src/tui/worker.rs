//! Work that must not hold the keys up, on a thread of its own: writing an export (rendering
//! a workbook of 100,000 rows and writing it out takes seconds). The dashboard hands a job over
//! a channel and goes on taking keys; what came of it comes back over another channel, which
//! the dashboard polls between keys ([`crate::tui::app::App::collect_work`]). Jobs run one at a
//! time, in the order given.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::thread;

use nianbao::export::{self, ExportOptions};
use nianbao::triage::Review;

/// A job for the worker.
pub enum Job {
    /// Writes `review` as `options` say to `path`.
    Export {
        review: Review,
        options: ExportOptions,
        path: PathBuf,
    },
}

/// What came of a job.
#[derive(Debug)]
pub enum Outcome {
    /// The export to `path`: the rows written, or why it failed (the error's text, not yet
    /// cleaned for the terminal).
    Exported {
        path: PathBuf,
        result: Result<usize, String>,
    },
}

/// The worker thread and its channels. Dropping it lets the thread finish its jobs and end.
pub struct Worker {
    jobs: Sender<Job>,
    done: Receiver<Outcome>,
    /// Jobs handed over whose outcome has not been collected.
    pending: usize,
}

impl Worker {
    /// Starts the thread; `None` when the system refuses one (the work is then done in place).
    pub fn spawn() -> Option<Worker> {
        let (jobs, inbox) = mpsc::channel::<Job>();
        let (outbox, done) = mpsc::channel();
        thread::Builder::new()
            .name("nianbao-worker".into())
            .spawn(move || {
                for job in inbox {
                    if outbox.send(run_here(job)).is_err() {
                        return;
                    }
                }
            })
            .ok()?;
        Some(Worker {
            jobs,
            done,
            pending: 0,
        })
    }

    /// Hands a job over; when the thread is gone, does it here and keeps its outcome.
    pub fn submit(&mut self, job: Job) -> Option<Outcome> {
        match self.jobs.send(job) {
            Ok(()) => {
                self.pending += 1;
                None
            }
            Err(mpsc::SendError(job)) => Some(run_here(job)),
        }
    }

    /// Whether a job is still running or waiting.
    pub fn busy(&self) -> bool {
        self.pending > 0
    }

    /// The outcome of a finished job, if one is waiting; with `block`, waits for one while a
    /// job is pending.
    pub fn next(&mut self, block: bool) -> Option<Outcome> {
        if self.pending == 0 {
            return None;
        }
        let outcome = if block {
            self.done.recv().ok()
        } else {
            match self.done.try_recv() {
                Ok(outcome) => Some(outcome),
                Err(TryRecvError::Empty) => return None,
                Err(TryRecvError::Disconnected) => None,
            }
        };
        // A thread that died (it cannot: jobs do not panic on bad input) owes nothing more.
        self.pending = match outcome {
            Some(_) => self.pending - 1,
            None => 0,
        };
        outcome
    }
}

/// Does a job on the calling thread.
pub fn run_here(job: Job) -> Outcome {
    match job {
        Job::Export {
            review,
            options,
            path,
        } => {
            let result = export::export(&review, &options, &path).map_err(|e| e.to_string());
            Outcome::Exported { path, result }
        }
    }
}
