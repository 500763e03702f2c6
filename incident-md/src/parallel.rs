//! Reading a log's entries on more than one core.
//!
//! An entry's reading depends only on its own text and on what the whole file taught (the
//! dialect), so the entries of a long log are read in a few contiguous runs, one thread each, and
//! the results are put back in document order: the same values, in the same order, as one thread
//! gives. Short logs are read on the calling thread; a thread that cannot be started (a target
//! without threads, a limit) leaves its run to the calling thread.

use std::num::NonZeroUsize;
use std::sync::{Mutex, PoisonError};

/// Below this many items, starting threads costs more than it saves.
pub(crate) const MIN_ITEMS: usize = 256;

/// How many threads may read at once: the available cores, at most four (the reading of a log
/// is memory-bound beyond that).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Workers(NonZeroUsize);

impl Workers {
    /// One thread: everything on the caller's.
    #[cfg(test)]
    pub(crate) const ONE: Workers = Workers(NonZeroUsize::MIN);

    /// What the machine offers, at most four.
    pub(crate) fn available() -> Workers {
        let n = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
        Workers(NonZeroUsize::new(n.clamp(1, 4)).unwrap_or(NonZeroUsize::MIN))
    }

    /// Exactly `n` threads (at least one); what tests use to compare against one.
    #[cfg(test)]
    pub(crate) fn exactly(n: usize) -> Workers {
        Workers(NonZeroUsize::new(n).unwrap_or(NonZeroUsize::MIN))
    }

    /// `f` of every item, in the items' order (`f` may change its item).
    pub(crate) fn map<T, R>(self, items: &mut [T], f: impl Fn(&mut T) -> R + Sync) -> Vec<R>
    where
        T: Send,
        R: Send,
    {
        let threads = self.0.get();
        if threads == 1 || items.len() < MIN_ITEMS {
            return items.iter_mut().map(f).collect();
        }
        let run = items.len().div_ceil(threads);
        in_runs(items, run, f)
    }

    /// How many threads.
    pub(crate) fn count(self) -> usize {
        self.0.get()
    }

    /// `f` of every item, each on a thread of its own (the first on the caller's): for a few
    /// large pieces of work, as many as [`count`](Self::count).
    pub(crate) fn each<T, R>(self, items: &mut [T], f: impl Fn(&mut T) -> R + Sync) -> Vec<R>
    where
        T: Send,
        R: Send,
    {
        if self.0.get() == 1 || items.len() < 2 {
            return items.iter_mut().map(f).collect();
        }
        in_runs(items, 1, f)
    }
}

/// `f` of every item, in order, the items cut in runs of `run` (the first run read by the
/// caller, each other on a thread of its own).
fn in_runs<T, R>(items: &mut [T], run: usize, f: impl Fn(&mut T) -> R + Sync) -> Vec<R>
where
    T: Send,
    R: Send,
{
    {
        let len = items.len();
        // Each run waits in a slot: its thread takes it, or the caller does when no thread
        // could be started for it.
        let slots: Vec<Mutex<Option<&mut [T]>>> = items
            .chunks_mut(run.max(1))
            .map(|run| Mutex::new(Some(run)))
            .collect();
        let Some((own, others)) = slots.split_first() else {
            return Vec::new();
        };
        let f = &f;
        std::thread::scope(|scope| {
            let started: Vec<_> = others
                .iter()
                .map(|slot| {
                    std::thread::Builder::new()
                        .spawn_scoped(scope, move || {
                            take(slot).iter_mut().map(f).collect::<Vec<R>>()
                        })
                        .ok()
                })
                .collect();
            let mut out: Vec<R> = Vec::with_capacity(len);
            out.extend(take(own).iter_mut().map(f));
            for (slot, thread) in others.iter().zip(started) {
                match thread.map(|t| t.join()) {
                    Some(Ok(done)) => out.extend(done),
                    // A reading that panicked panics here, as it would on one thread.
                    Some(Err(panic)) => std::panic::resume_unwind(panic),
                    None => out.extend(take(slot).iter_mut().map(f)),
                }
            }
            out
        })
    }
}

/// The run waiting in `slot`, taken (an empty one when it was taken already).
fn take<'a, T>(slot: &Mutex<Option<&'a mut [T]>>) -> &'a mut [T] {
    let mut guard = slot.lock().unwrap_or_else(PoisonError::into_inner);
    guard.take().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_items_order_whatever_the_threads() {
        let mut items: Vec<usize> = (0..1000).collect();
        let one = Workers::ONE.map(&mut items, |i| *i * 3);
        for n in 2..=5 {
            assert_eq!(Workers::exactly(n).map(&mut items, |i| *i * 3), one);
        }
        // Changes to the items land on the right ones.
        Workers::exactly(3).map(&mut items, |i| *i += 1);
        assert_eq!(items, (1..1001).collect::<Vec<_>>());
        assert_eq!(one, (0..1000).map(|i| i * 3).collect::<Vec<_>>());
    }

    #[test]
    fn short_inputs_stay_on_the_callers_thread() {
        let me = std::thread::current().id();
        let mut items = vec![(); MIN_ITEMS - 1];
        let ids = Workers::exactly(4).map(&mut items, |_| std::thread::current().id());
        assert!(ids.iter().all(|id| *id == me));
        let mut items = vec![(); MIN_ITEMS * 4];
        let ids = Workers::exactly(4).map(&mut items, |_| std::thread::current().id());
        assert!(
            ids.iter().any(|id| *id != me),
            "long inputs use other threads"
        );
    }
}
