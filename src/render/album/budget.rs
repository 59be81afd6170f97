//! One memory budget for decoding album images, shared by every thread of a build.
//! Without it each thread decodes its own image at once, so peak memory grew with the
//! number of cores (8 images of 11,000² pixels took 4.4 GB with 8 threads). A thread
//! reserves what its image needs, measured from the header, before decoding; it waits
//! while the others hold the budget, and an image that alone needs more is refused.

use std::sync::{Condvar, Mutex};

pub struct Budget {
    total: u64,
    used: Mutex<u64>,
    freed: Condvar,
}

/// Bytes held from a [`Budget`] until dropped.
pub struct Reservation<'a> {
    budget: &'a Budget,
    bytes: u64,
}

impl Budget {
    pub fn new(total: u64) -> Budget {
        Budget {
            total,
            used: Mutex::new(0),
            freed: Condvar::new(),
        }
    }

    pub fn total(&self) -> u64 {
        self.total
    }

    /// Waits until `bytes` fit beside what the other threads hold; `None` when they
    /// could never fit. Callers hold one reservation at a time, and never wait for other
    /// work while holding it, so waiting cannot deadlock.
    pub fn reserve(&self, bytes: u64) -> Option<Reservation<'_>> {
        if bytes > self.total {
            return None;
        }
        // A poisoned lock means a thread panicked while counting, which never happens
        // between reading and writing the count: the number is still right.
        let mut used = self.used.lock().unwrap_or_else(|p| p.into_inner());
        while *used + bytes > self.total {
            used = self.freed.wait(used).unwrap_or_else(|p| p.into_inner());
        }
        *used += bytes;
        Some(Reservation {
            budget: self,
            bytes,
        })
    }

    #[cfg(test)]
    fn used(&self) -> u64 {
        *self.used.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Drop for Reservation<'_> {
    fn drop(&mut self) {
        let mut used = self.budget.used.lock().unwrap_or_else(|p| p.into_inner());
        *used -= self.bytes;
        self.budget.freed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU64, Ordering};

    #[test]
    fn threads_together_never_hold_more_than_the_budget() {
        let budget = Budget::new(100);
        let held = AtomicU64::new(0);
        let peak = AtomicU64::new(0);
        std::thread::scope(|s| {
            for i in 0..8u64 {
                let (budget, held, peak) = (&budget, &held, &peak);
                s.spawn(move || {
                    for _ in 0..50 {
                        let want = 30 + i * 5;
                        let r = budget.reserve(want).unwrap();
                        let now = held.fetch_add(want, Ordering::SeqCst) + want;
                        peak.fetch_max(now, Ordering::SeqCst);
                        std::thread::yield_now();
                        held.fetch_sub(want, Ordering::SeqCst);
                        drop(r);
                    }
                });
            }
        });
        assert!(peak.load(Ordering::SeqCst) <= 100);
        assert_eq!(budget.used(), 0, "every reservation was given back");
    }

    #[test]
    fn what_can_never_fit_is_refused_at_once() {
        let budget = Budget::new(100);
        let _held = budget.reserve(60).unwrap();
        assert!(budget.reserve(101).is_none());
        assert!(budget.reserve(40).is_some());
    }
}
