//! Work that must not hold the keys up, on threads of their own: writing an export (rendering
//! a workbook of 100,000 rows and writing it out takes seconds) and appending decisions to the
//! journal (an `fsync`, seconds on a network share). The dashboard hands a job over a channel
//! and goes on taking keys; what came of it comes back over another channel, which the
//! dashboard polls between keys ([`crate::tui::app::App::collect_work`]). Each thread runs its
//! jobs one at a time, in the order given: the journal's lines keep the order of the keys.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::thread;

use nianbao::export::{self, ExportOptions};
use nianbao::triage::{Appender, JournalWrite, Review, Written};

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

/// A worker thread and its channels. Dropping it lets the thread finish its jobs and end.
pub struct Worker<J, O> {
    jobs: Sender<J>,
    done: Receiver<O>,
    /// Jobs handed over whose outcome has not been collected.
    pending: usize,
}

/// The thread that writes exports.
pub type ExportWorker = Worker<Job, Outcome>;

/// The thread that appends decisions to the user's journal.
pub type JournalWorker = Worker<JournalWrite, Written>;

impl<J: Send + 'static, O: Send + 'static> Worker<J, O> {
    /// Starts a thread that runs `run` on each job with `state` (kept from job to job);
    /// `None` when the system refuses one.
    pub fn spawn_with<S: Send + 'static>(
        name: &str,
        mut state: S,
        run: fn(&mut S, J) -> O,
    ) -> Option<Worker<J, O>> {
        let (jobs, inbox) = mpsc::channel::<J>();
        let (outbox, done) = mpsc::channel();
        thread::Builder::new()
            .name(name.into())
            .spawn(move || {
                for job in inbox {
                    if outbox.send(run(&mut state, job)).is_err() {
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

    /// Hands a job over; gives it back when the thread is gone.
    pub fn send(&mut self, job: J) -> Result<(), J> {
        match self.jobs.send(job) {
            Ok(()) => {
                self.pending += 1;
                Ok(())
            }
            Err(mpsc::SendError(job)) => Err(job),
        }
    }

    /// Whether a job is still running or waiting.
    pub fn busy(&self) -> bool {
        self.pending > 0
    }

    /// The outcome of a finished job, if one is waiting; with `block`, waits for one while a
    /// job is pending.
    pub fn next(&mut self, block: bool) -> Option<O> {
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

impl ExportWorker {
    /// Starts the export thread; `None` when the system refuses one (the work is then done in
    /// place).
    pub fn spawn() -> Option<ExportWorker> {
        Worker::spawn_with("nianbao-worker", (), |_, job| run_here(job))
    }

    /// Hands a job over; when the thread is gone, does it here and keeps its outcome.
    pub fn submit(&mut self, job: Job) -> Option<Outcome> {
        self.send(job).err().map(run_here)
    }
}

impl JournalWorker {
    /// Starts the thread that appends to the journal with `appender`; `None` when the system
    /// refuses one (the store then writes in place).
    pub fn journal(appender: Appender) -> Option<JournalWorker> {
        Worker::spawn_with("nianbao-journal", appender, Appender::append)
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
