//! An ordered parallel pipeline with a bounded window: items are worked on by several threads
//! and their results handed on one at a time, in the items' order, as soon as each result and
//! all before it are ready. At most `window` results are ever waiting or in the works, so the
//! memory a run holds does not grow with the number of items (a check of 100,000 reports holds
//! a few hundred of them, not the whole run).

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Condvar, Mutex, PoisonError};

/// Runs `work` on every item on `threads` threads and calls `emit` on the results in item
/// order. A worker does not start item `i` before item `i - window` has been emitted. When
/// `emit` fails, no new item is started and the error is returned.
pub fn ordered<T, R, E>(
    items: &[T],
    threads: usize,
    window: usize,
    work: impl Fn(&T) -> R + Sync,
    mut emit: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E>
where
    T: Sync,
    R: Send,
{
    let threads = threads.max(1);
    let window = window.max(1);
    // Each hand-over from a worker wakes the emitting thread, a system call and a context
    // switch that cost about as much as a small report's check: results go over in batches of
    // at most half a worker's share of the window, so that a worker never waits on its own
    // batch.
    let batch = (window / (2 * threads)).clamp(1, MOST_IN_A_BATCH);
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let progress = Mutex::new(Progress::default());
    let moved = Condvar::new();
    let (sender, receiver) = mpsc::channel::<Vec<(usize, R)>>();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let sender = sender.clone();
            let (next, stop, progress, moved, work) = (&next, &stop, &progress, &moved, &work);
            scope.spawn(move || {
                let mut done = Vec::with_capacity(batch);
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= items.len() || stop.load(Ordering::Relaxed) {
                        break;
                    }
                    if !progress
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .lets_start(i, window)
                    {
                        // The results held here may be the ones the window waits for.
                        if !done.is_empty() && sender.send(std::mem::take(&mut done)).is_err() {
                            return;
                        }
                        let mut state = progress.lock().unwrap_or_else(PoisonError::into_inner);
                        while !state.lets_start(i, window) && !stop.load(Ordering::Relaxed) {
                            state.sleeping += 1;
                            state = moved.wait(state).unwrap_or_else(PoisonError::into_inner);
                            state.sleeping -= 1;
                        }
                    }
                    if stop.load(Ordering::Relaxed) {
                        return;
                    }
                    done.push((i, work(&items[i])));
                    if done.len() >= batch && sender.send(std::mem::take(&mut done)).is_err() {
                        return;
                    }
                }
                if !done.is_empty() {
                    // The receiver gone means the run stopped: nothing is waiting for these.
                    let _ = sender.send(done);
                }
            });
        }
        drop(sender);
        let mut waiting = Waiting::new(window);
        let mut expected = 0usize;
        let result = (|| {
            for results in receiver.iter() {
                for (i, result) in results {
                    waiting.put(i, expected, result);
                }
                let before = expected;
                while let Some(result) = waiting.take(expected) {
                    emit(result)?;
                    expected += 1;
                }
                if expected != before {
                    let mut state = progress.lock().unwrap_or_else(PoisonError::into_inner);
                    state.emitted = expected;
                    // Waking costs a system call even when nobody sleeps.
                    if state.sleeping > 0 {
                        drop(state);
                        moved.notify_all();
                    }
                }
            }
            Ok(())
        })();
        if result.is_err() {
            stop.store(true, Ordering::Relaxed);
            // Taking the lock orders the store before any waiting worker's next check.
            drop(progress.lock().unwrap_or_else(PoisonError::into_inner));
            moved.notify_all();
            drop(receiver);
        }
        result
    })
}

/// The results handed over ahead of the next one to emit, each in the slot of its item's number
/// modulo the window.
///
/// A worker starts item `i` only once fewer than `window` items before it are left to emit
/// ([`Progress::lets_start`]), so every item waiting is within one window of the next one to
/// emit and no two share a slot. A map ordered by item number kept them before: each insertion
/// and removal moved its neighbours in the tree's nodes, about 1 % of a check's instructions
/// with a report's result the size it is.
struct Waiting<R> {
    slots: Vec<Option<R>>,
}

impl<R> Waiting<R> {
    fn new(window: usize) -> Waiting<R> {
        Waiting {
            slots: std::iter::repeat_with(|| None).take(window).collect(),
        }
    }

    /// Keeps the result of item `i`, handed over while `expected` is the next to emit.
    fn put(&mut self, i: usize, expected: usize, result: R) {
        debug_assert!(
            (expected..expected + self.slots.len()).contains(&i),
            "item {i} handed over outside the window from {expected}"
        );
        let at = i % self.slots.len();
        debug_assert!(self.slots[at].is_none(), "item {i}'s slot is taken");
        self.slots[at] = Some(result);
    }

    /// The result of item `i`, when it has been handed over.
    fn take(&mut self, i: usize) -> Option<R> {
        let at = i % self.slots.len();
        self.slots[at].take()
    }
}

/// The most results a worker hands over at once: half the window `check` gives each thread
/// (64), so a one-thread check wakes its emitting thread every 32 reports (every 16 it was ~1 %
/// of the CPU in futex calls and switches).
const MOST_IN_A_BATCH: usize = 32;

/// What the workers and the emitting thread share under one lock.
#[derive(Default)]
struct Progress {
    /// How many results have been emitted.
    emitted: usize,
    /// How many workers wait for the window to move.
    sleeping: usize,
}

impl Progress {
    /// Whether item `i` may be started with `window` items at most in flight.
    fn lets_start(&self, i: usize, window: usize) -> bool {
        i < self.emitted + window
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_item_order_whatever_the_threads() {
        let items: Vec<u64> = (0..500).collect();
        for threads in [1, 2, 7] {
            let mut seen = Vec::new();
            // Later items finish sooner: the order must come from the pipeline, not the work.
            let result: Result<(), ()> = ordered(
                &items,
                threads,
                8,
                |&i| {
                    let mut x = 0u64;
                    for k in 0..(500 - i) * 50 {
                        x = x.wrapping_mul(31).wrapping_add(k);
                    }
                    (i, x)
                },
                |(i, _)| {
                    seen.push(i);
                    Ok(())
                },
            );
            assert_eq!(result, Ok(()));
            assert_eq!(seen, items, "{threads} threads");
        }
    }

    #[test]
    fn results_waiting_in_any_order_within_the_window_come_out_in_order() {
        for window in 1..6 {
            let mut waiting = Waiting::new(window);
            let (mut expected, mut out) = (0usize, Vec::new());
            // Each window's items handed over last first, so each waits for all before it.
            for first in (0..30).step_by(window) {
                for i in (first..first + window).rev() {
                    waiting.put(i, expected, i);
                    while let Some(result) = waiting.take(expected) {
                        out.push(result);
                        expected += 1;
                    }
                }
            }
            assert_eq!(out, (0..expected).collect::<Vec<_>>(), "window {window}");
            assert!(expected >= 30, "window {window}: {expected} emitted");
        }
    }

    #[test]
    fn no_more_than_the_window_is_held() {
        let items: Vec<usize> = (0..300).collect();
        let started = AtomicUsize::new(0);
        let mut emitted = 0usize;
        let mut most_ahead = 0usize;
        let result: Result<(), ()> = ordered(
            &items,
            4,
            5,
            |&i| {
                started.fetch_max(i + 1, Ordering::SeqCst);
                i
            },
            |i| {
                // Items started but not emitted yet, this one included.
                most_ahead = most_ahead.max(started.load(Ordering::SeqCst) - emitted);
                emitted = i + 1;
                Ok(())
            },
        );
        assert_eq!(result, Ok(()));
        assert_eq!(emitted, items.len());
        assert!(
            most_ahead <= 5,
            "{most_ahead} items in flight with a window of 5"
        );
    }

    #[test]
    fn a_failed_emit_stops_the_run() {
        let items: Vec<usize> = (0..10_000).collect();
        let worked = AtomicUsize::new(0);
        let result = ordered(
            &items,
            2,
            4,
            |&i| {
                worked.fetch_add(1, Ordering::SeqCst);
                i
            },
            |i| if i == 10 { Err(i) } else { Ok(()) },
        );
        assert_eq!(result, Err(10));
        assert!(
            worked.load(Ordering::SeqCst) <= 10 + 4 + 2,
            "work went on after the error"
        );
    }
}
