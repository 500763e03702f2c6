//! Work split over the machine's cores.
//!
//! The entries of a log are read independently of each other, so a large log can be read by
//! several threads ([`set_read_threads`]). Each thread takes one run of consecutive items and
//! writes only into them: the result is the same, item for item, as on one thread, and the
//! caller merges what they found in document order.

use std::num::NonZeroUsize;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The threads a parse may use: 1 until [`set_read_threads`] says otherwise, 0 for all cores.
static READ_THREADS: AtomicUsize = AtomicUsize::new(1);

/// How many threads each parse of a log in this process may read entries on: `0` for as many
/// as the process has cores (at most 8), `1` (the default) for the calling thread only.
///
/// Only a log of thousands of entries is split, one run of at least 256 entries per thread;
/// what a parse gives is the same whatever the setting. It is off by default because what it
/// gains depends on the allocator: with mimalloc (the `incident` binary's), two threads read
/// a 10,000-entry log in about four fifths of the time of one; with glibc's allocator the
/// entries freed on another thread than the one that made them cost more than the second
/// thread gains, in most runs. Measured on 2 cores: README, "Reading on several cores, again".
pub fn set_read_threads(threads: usize) {
    READ_THREADS.store(threads, Ordering::Relaxed);
}

/// Fewer items than this per thread are done on the calling thread: starting a thread costs
/// tens of microseconds, reading an entry a few.
const MIN_PER_THREAD: usize = 256;

/// More threads than this gain little: the reading of entries is a part of a parse only.
const MAX_THREADS: usize = 8;

/// The threads [`set_read_threads`] allows: for `0`, the cores this process may run on (its
/// CPU affinity and cgroup quota), at most [`MAX_THREADS`].
fn cores() -> usize {
    static CORES: OnceLock<usize> = OnceLock::new();
    match READ_THREADS.load(Ordering::Relaxed) {
        0 => *CORES.get_or_init(|| {
            std::thread::available_parallelism()
                .map_or(1, NonZeroUsize::get)
                .min(MAX_THREADS)
        }),
        n => n,
    }
}

/// How many threads `items` items are worth.
fn threads_for(items: usize, cores: usize) -> usize {
    (items / MIN_PER_THREAD).clamp(1, cores.max(1))
}

/// Applies `f` to every item, on up to [`cores`] threads for a long slice.
pub(crate) fn for_each_mut<T: Send>(items: &mut [T], f: impl Fn(&mut T) + Sync) {
    #[cfg(test)]
    let cores = CORES_FOR_TEST.get().unwrap_or_else(cores);
    #[cfg(not(test))]
    let cores = cores();
    for_each_mut_on(items, threads_for(items.len(), cores), f);
}

#[cfg(test)]
thread_local! {
    /// The cores [`for_each_mut`] uses on this thread, in a test of [`with_cores`].
    static CORES_FOR_TEST: std::cell::Cell<Option<usize>> = const { std::cell::Cell::new(None) };
}

/// Runs `f` as if the machine had `cores` cores (on this thread only).
#[cfg(test)]
pub(crate) fn with_cores<R>(cores: usize, f: impl FnOnce() -> R) -> R {
    CORES_FOR_TEST.set(Some(cores));
    let r = f();
    CORES_FOR_TEST.set(None);
    r
}

/// [`for_each_mut`] on `threads` threads (the calling one included). A thread the system
/// refuses to start leaves its items to the calling thread.
fn for_each_mut_on<T: Send>(items: &mut [T], threads: usize, f: impl Fn(&mut T) + Sync) {
    if threads <= 1 || items.len() < 2 {
        items.iter_mut().for_each(f);
        return;
    }
    let chunk = items.len().div_ceil(threads);
    let f = &f;
    std::thread::scope(|scope| {
        let mut chunks = items.chunks_mut(chunk);
        let own = chunks.next();
        let mut refused = Vec::new();
        for c in chunks {
            // The items move into the thread only if it starts: a refusal gives them back.
            let (tx, rx) = std::sync::mpsc::sync_channel::<&mut [T]>(1);
            let started = std::thread::Builder::new().spawn_scoped(scope, move || {
                if let Ok(c) = rx.recv() {
                    c.iter_mut().for_each(f);
                }
            });
            match started {
                Ok(_) => {
                    // The receiver lives until the thread has received: this cannot fail.
                    let _ = tx.send(c);
                }
                Err(_) => refused.push(c),
            }
        }
        for c in own.into_iter().chain(refused) {
            c.iter_mut().for_each(f);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_inputs_stay_on_one_thread() {
        assert_eq!(threads_for(0, 8), 1);
        assert_eq!(threads_for(MIN_PER_THREAD * 2 - 1, 8), 1);
        assert_eq!(threads_for(MIN_PER_THREAD * 2, 8), 2);
        assert_eq!(threads_for(MIN_PER_THREAD * 100, 4), 4);
        assert_eq!(threads_for(MIN_PER_THREAD * 100, 0), 1);
    }

    #[test]
    fn every_item_is_done_once_whatever_the_split() {
        for threads in [1, 2, 3, 7, 64] {
            for len in [0, 1, 2, 5, 1000] {
                let mut items: Vec<(usize, u32)> = (0..len).map(|i| (i, 0)).collect();
                for_each_mut_on(&mut items, threads, |(i, n)| {
                    *n += 1;
                    *i *= 2;
                });
                assert!(
                    items
                        .iter()
                        .enumerate()
                        .all(|(k, &(i, n))| i == 2 * k && n == 1)
                );
            }
        }
    }

    #[test]
    fn the_work_runs_on_other_threads() {
        let caller = std::thread::current().id();
        let mut items: Vec<Option<std::thread::ThreadId>> = vec![None; 8];
        for_each_mut_on(&mut items, 2, |t| *t = Some(std::thread::current().id()));
        assert_eq!(items[0], Some(caller));
        assert!(items[7].is_some_and(|t| t != caller));
    }
}
