//! Text kept compressed while it waits. Every page's final body is made when the site is
//! assembled (links can only be filled in once every page's address is known) and read
//! once, when its page is rendered (and for the few newest pages, once more for a feed).
//! Until then it only takes room: a third of a large site's memory held as plain
//! strings. HTML shrinks about threefold with LZ4, which packs at hundreds of MB/s and
//! unpacks at GB/s, so a body costs microseconds to pack and to read back.

/// A UTF-8 text, LZ4-compressed.
#[derive(Clone, PartialEq, Eq)]
pub struct Packed {
    /// An LZ4 block, its unpacked length in front (lz4_flex's "size prepended" form).
    bytes: Box<[u8]>,
}

impl Packed {
    pub fn new(text: &str) -> Self {
        Packed {
            bytes: lz4_flex::compress_prepend_size(text.as_bytes()).into_boxed_slice(),
        }
    }

    /// The text again. Only this module makes the bytes, so they always unpack to the
    /// UTF-8 they were made from; the checks stay as a guard against our own mistakes.
    pub fn unpack(&self) -> String {
        let bytes = lz4_flex::decompress_size_prepended(&self.bytes)
            .expect("a packed text unpacks: only Packed::new makes its bytes");
        String::from_utf8(bytes).expect("a packed text was UTF-8 when packed")
    }

    /// Bytes held: what the text costs while packed.
    pub fn packed_len(&self) -> usize {
        self.bytes.len()
    }
}

impl Default for Packed {
    fn default() -> Self {
        Packed::new("")
    }
}

impl std::fmt::Debug for Packed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Packed({} bytes)", self.bytes.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_come_back_unchanged_and_html_shrinks() {
        let page = "<p>Hội chợ sản phẩm OCOP tại công viên Trịnh Công Sơn.</p>\n".repeat(60);
        for text in ["", "a", "đ", page.as_str()] {
            assert_eq!(Packed::new(text).unpack(), text);
        }
        // Repetitive markup is what bodies are made of.
        assert!(Packed::new(&page).packed_len() * 3 < page.len());
    }

    #[test]
    fn same_text_same_bytes() {
        assert_eq!(
            Packed::new("<h2>Mục tiêu</h2>"),
            Packed::new("<h2>Mục tiêu</h2>")
        );
        assert_ne!(
            Packed::new("<h2>Mục tiêu</h2>"),
            Packed::new("<h2>Muc tieu</h2>")
        );
    }
}
