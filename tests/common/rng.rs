//! A small deterministic generator (xorshift64*) for tests and benchmarks that need the
//! same "random" input on every run: the search corpus, the watch edit sequences.
// Each user takes the methods it needs.
#![allow(dead_code)]

pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// In `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }

    /// Zipf-like rank in `0..n`: rank r is drawn with weight about 1/(r+1).
    pub fn zipf(&mut self, n: usize) -> usize {
        self.zipf_from(n, 1.0)
    }

    /// Rank r drawn with weight about 1/(r+s): a larger `s` flattens the head. With
    /// s = 10 over the plan's words the top word is about 2 % of all words, as `các`
    /// and `công` are in the plan itself.
    pub fn zipf_from(&mut self, n: usize, s: f64) -> usize {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        let r = (s * ((n as f64 + s) / s).powf(u) - s) as usize;
        r.min(n - 1)
    }
}
