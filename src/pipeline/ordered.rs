//! An ordered parallel pipeline with a bounded window: items are worked on by several threads
//! and their results handed on one at a time, in the items' order, as soon as each result and
//! all before it are ready. At most `window` results are ever waiting or in the works, so the
//! memory a run holds does not grow with the number of items (a check of 100,000 reports holds
//! a few hundred of them, not the whole run).

use std::collections::BTreeMap;
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
    let window = window.max(1);
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    // How many results have been emitted, and the signal that it grew (or that the run stops).
    let emitted = Mutex::new(0usize);
    let moved = Condvar::new();
    let (sender, receiver) = mpsc::channel::<(usize, R)>();
    std::thread::scope(|scope| {
        for _ in 0..threads.max(1) {
            let sender = sender.clone();
            let (next, stop, emitted, moved, work) = (&next, &stop, &emitted, &moved, &work);
            scope.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= items.len() {
                    return;
                }
                {
                    let mut done = emitted.lock().unwrap_or_else(PoisonError::into_inner);
                    while i >= *done + window && !stop.load(Ordering::Relaxed) {
                        done = moved.wait(done).unwrap_or_else(PoisonError::into_inner);
                    }
                }
                if stop.load(Ordering::Relaxed) || sender.send((i, work(&items[i]))).is_err() {
                    return;
                }
            });
        }
        drop(sender);
        let mut waiting = BTreeMap::new();
        let mut expected = 0usize;
        let result = (|| {
            for (i, result) in receiver.iter() {
                waiting.insert(i, result);
                while let Some(result) = waiting.remove(&expected) {
                    emit(result)?;
                    expected += 1;
                    *emitted.lock().unwrap_or_else(PoisonError::into_inner) = expected;
                    moved.notify_all();
                }
            }
            Ok(())
        })();
        if result.is_err() {
            stop.store(true, Ordering::Relaxed);
            // Taking the lock orders the store before any waiting worker's next check.
            drop(emitted.lock().unwrap_or_else(PoisonError::into_inner));
            moved.notify_all();
            drop(receiver);
        }
        result
    })
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
