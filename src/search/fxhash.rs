//! A fast hasher for the index builder's maps (the multiply-rotate hash of rustc's
//! `FxHasher`): millions of short words are looked up per build, and the standard
//! library's SipHash would be most of the time. The maps hold our own pages' words, so
//! resistance to crafted collisions buys nothing here; iteration order is never used.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes([
                c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7],
            ]));
        }
        // The last 0–7 bytes without a variable-length copy (a call to memcpy per word):
        // two overlapping reads for 4–7 bytes, first, middle and last byte for 1–3.
        let r = chunks.remainder();
        let n = r.len();
        let tail = if n >= 4 {
            let lo = u32::from_le_bytes([r[0], r[1], r[2], r[3]]) as u64;
            let hi = u32::from_le_bytes([r[n - 4], r[n - 3], r[n - 2], r[n - 1]]) as u64;
            lo | (hi << 32)
        } else if n > 0 {
            r[0] as u64 | (r[n / 2] as u64) << 8 | (r[n - 1] as u64) << 16
        } else {
            0
        };
        self.add(tail ^ ((n as u64) << 59));
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(i as u64);
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_that_differ_in_their_last_bytes_or_length_hash_apart() {
        let h = |s: &str| {
            let mut x = FxHasher::default();
            x.write(s.as_bytes());
            x.finish()
        };
        assert_ne!(h("cong"), h("cong\0"));
        assert_ne!(h("cong"), h("conh"));
        assert_ne!(h("abcdefgh1"), h("abcdefgh2"));
        let mut m: FastMap<&str, u32> = FastMap::default();
        m.insert("đầu", 1);
        assert_eq!(m.get("đầu"), Some(&1));
        assert_eq!(m.get("dau"), None);
    }
}
