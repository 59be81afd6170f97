//! Reading an index back from its files, as `search.js` does, for the reference ranking
//! and for measuring what a query downloads.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use super::codec::{self, Reader};
use super::{IndexFile, Rules};

const PREFIX: &str = "congkhaiSearch.add(";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexError {
    pub file: String,
    pub message: String,
}

impl std::fmt::Display for IndexError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "search index file {}: {}", self.file, self.message)
    }
}

impl std::error::Error for IndexError {}

/// One document's entry in a word's posting list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Posting {
    pub doc: u32,
    /// Weighted term frequency: each occurrence counts its field's weight.
    pub wtf: u32,
    /// Bit `i` set: `variants[i]` occurs in this document.
    pub mask: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// Exact keys, most widespread first.
    pub variants: Vec<String>,
    pub postings: Vec<Posting>,
}

/// What a result shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocView {
    pub url: String,
    pub title: String,
    pub section: String,
    pub text: String,
}

/// A whole index, decoded from its files.
#[derive(Debug, Clone)]
pub struct LoadedIndex {
    pub lang: String,
    pub rules: Rules,
    pub lengths: Vec<u32>,
    pub chunk: usize,
    pub(crate) shard_firsts: Vec<String>,
    pub(crate) dict_firsts: Vec<String>,
    pub(crate) terms: HashMap<String, Term>,
    /// Documents in which two folded words stand side by side, by `"left right"`.
    pub(crate) pairs: HashMap<String, Vec<u32>>,
    /// Per dictionary file, its (word, document frequency) pairs in order.
    pub(crate) dict: Vec<Vec<(String, u32)>>,
    pub(crate) docs: Vec<DocView>,
    /// Bytes of each file, by key (`manifest`, `t/3`…).
    pub(crate) sizes: BTreeMap<String, usize>,
}

fn err(file: &str, message: impl Into<String>) -> IndexError {
    IndexError {
        file: file.to_string(),
        message: message.into(),
    }
}

/// Splits `congkhaiSearch.add(["key", data]);` into its key and data.
fn unwrap_file(path: &str, bytes: &[u8]) -> Result<(String, Value), IndexError> {
    let text = std::str::from_utf8(bytes).map_err(|_| err(path, "not UTF-8"))?;
    let inner = text
        .strip_prefix(PREFIX)
        .and_then(|t| t.trim_end().strip_suffix(");"))
        .ok_or_else(|| err(path, "not a congkhaiSearch.add(…) call"))?;
    let value: Value =
        serde_json::from_str(inner).map_err(|e| err(path, format!("bad JSON: {e}")))?;
    match value {
        Value::Array(mut pair) if pair.len() == 2 => {
            let data = pair.pop().unwrap_or(Value::Null);
            match pair.pop() {
                Some(Value::String(key)) => Ok((key, data)),
                _ => Err(err(path, "the key is not a string")),
            }
        }
        _ => Err(err(path, "expected [key, data]")),
    }
}

fn strings(v: &Value, file: &str, what: &str) -> Result<Vec<String>, IndexError> {
    v.as_array()
        .ok_or_else(|| err(file, format!("{what} is not a list")))?
        .iter()
        .map(|s| {
            s.as_str()
                .map(str::to_string)
                .ok_or_else(|| err(file, format!("{what} holds a non-string")))
        })
        .collect()
}

/// The key that keeps the first `units` UTF-16 units of `prev` and adds `suffix`.
fn front_decode(prev: &str, units: u64, suffix: &str, file: &str) -> Result<String, IndexError> {
    let mut seen = 0u64;
    let mut bytes = 0;
    for c in prev.chars() {
        if seen >= units {
            break;
        }
        seen += c.len_utf16() as u64;
        bytes += c.len_utf8();
    }
    if seen != units {
        return Err(err(file, "a key shares more than the previous key holds"));
    }
    Ok(format!("{}{suffix}", &prev[..bytes]))
}

fn unpack_shard(data: &Value, file: &str) -> Result<Vec<(String, String)>, IndexError> {
    let (keys, postings) = match data.as_array().map(Vec::as_slice) {
        Some([Value::String(k), Value::String(p)]) => (k, p),
        _ => return Err(err(file, "a term shard is not [keys, postings]")),
    };
    let bad = |e: codec::CodecError| err(file, e.to_string());
    let mut k = Reader::new(keys);
    let mut p = Reader::new(postings);
    let mut out = Vec::new();
    let mut prev = String::new();
    while !k.at_end() {
        let units = k.next().map_err(bad)?;
        let (suffix, _) = k.until(b"|").map_err(bad)?;
        let key = front_decode(&prev, units, suffix, file)?;
        let len = p.next().map_err(bad)? as usize;
        let post = p.take(len).map_err(bad)?.to_string();
        prev.clone_from(&key);
        out.push((key, post));
    }
    if !p.at_end() {
        return Err(err(file, "postings left over"));
    }
    Ok(out)
}

/// For each word of a shard, in order: its listed variants and its masks.
fn unpack_variants(data: &Value, file: &str) -> Result<Vec<(Vec<String>, String)>, IndexError> {
    let text = data
        .as_str()
        .ok_or_else(|| err(file, "a variants file is not a string"))?;
    let bad = |e: codec::CodecError| err(file, e.to_string());
    let mut r = Reader::new(text);
    let mut out = Vec::new();
    while !r.at_end() {
        let mut variants = Vec::new();
        let (lead, mut stop) = r.until(b"!|").map_err(bad)?;
        if !lead.is_empty() {
            return Err(err(file, "text before a variant"));
        }
        while stop == b'!' {
            let (v, s) = r.until(b"!|").map_err(bad)?;
            variants.push(v.to_string());
            stop = s;
        }
        let len = r.next().map_err(bad)? as usize;
        out.push((variants, r.take(len).map_err(bad)?.to_string()));
    }
    Ok(out)
}

fn unpack_dict(data: &Value, file: &str) -> Result<Vec<(String, u32)>, IndexError> {
    let text = data
        .as_str()
        .ok_or_else(|| err(file, "a dictionary file is not a string"))?;
    let bad = |e: codec::CodecError| err(file, e.to_string());
    let mut r = Reader::new(text);
    let mut out: Vec<(String, u32)> = Vec::new();
    let mut prev = String::new();
    while !r.at_end() {
        let units = r.next().map_err(bad)?;
        let (suffix, _) = r.until(b"|").map_err(bad)?;
        let word = front_decode(&prev, units, suffix, file)?;
        let df = r.next().map_err(bad)? as u32;
        prev.clone_from(&word);
        out.push((word, df));
    }
    Ok(out)
}

fn decode_postings(
    s: &str,
    masks: &str,
    variants: usize,
    file: &str,
) -> Result<Vec<Posting>, IndexError> {
    let bad = |e: codec::CodecError| err(file, e.to_string());
    let mut r = Reader::new(s);
    let mut m = Reader::new(masks);
    let mut out = Vec::new();
    let mut next_doc: u64 = 0;
    while !r.at_end() {
        let header = r.next().map_err(bad)?;
        let doc = next_doc + header / 8;
        let mut wtf = header % 8 + 1;
        if wtf == 8 {
            wtf += r.next().map_err(bad)?;
        }
        let mask = if variants > 1 {
            m.next().map_err(bad)? as u32
        } else {
            1
        };
        out.push(Posting {
            doc: u32::try_from(doc).map_err(|_| err(file, "document number too large"))?,
            wtf: u32::try_from(wtf).map_err(|_| err(file, "frequency too large"))?,
            mask,
        });
        next_doc = doc + 1;
    }
    if !m.at_end() {
        return Err(err(file, "masks left over"));
    }
    Ok(out)
}

fn decode_docs(s: &str, file: &str) -> Result<Vec<u32>, IndexError> {
    let mut r = Reader::new(s);
    let mut out = Vec::new();
    let mut next_doc: u64 = 0;
    while !r.at_end() {
        let doc = next_doc + r.next().map_err(|e| err(file, e.to_string()))?;
        out.push(u32::try_from(doc).map_err(|_| err(file, "document number too large"))?);
        next_doc = doc + 1;
    }
    Ok(out)
}

impl LoadedIndex {
    /// Decodes the files [`super::build_index`] wrote for one language.
    pub fn from_files(files: &[IndexFile]) -> Result<LoadedIndex, IndexError> {
        let manifests: Vec<&IndexFile> = files
            .iter()
            .filter(|f| f.path.ends_with("/manifest.js"))
            .collect();
        let manifest_file = match manifests.as_slice() {
            [one] => *one,
            [] => return Err(err("(none)", "no manifest.js among the files")),
            _ => return Err(err(&manifests[1].path, "more than one manifest.js")),
        };
        let dir = manifest_file.path.trim_end_matches("manifest.js");
        let mut by_key: BTreeMap<String, Value> = BTreeMap::new();
        let mut sizes = BTreeMap::new();
        for f in files.iter().filter(|f| f.path.starts_with(dir)) {
            let (key, data) = unwrap_file(&f.path, &f.bytes)?;
            let expected = f.path[dir.len()..].trim_end_matches(".js");
            if key != expected {
                return Err(err(&f.path, format!("registers as {key:?}")));
            }
            sizes.insert(key.clone(), f.bytes.len());
            by_key.insert(key, data);
        }
        let path = manifest_file.path.as_str();
        let m = by_key.get("manifest").ok_or_else(|| err(path, "missing"))?;
        let field = |name: &str| m.get(name).ok_or_else(|| err(path, format!("no {name}")));
        let rules: Rules = serde_json::from_value(field("rules")?.clone())
            .map_err(|e| err(path, format!("rules: {e}")))?;
        let ndocs = field("docs")?
            .as_u64()
            .ok_or_else(|| err(path, "docs is not a number"))? as usize;
        let mut lengths = Vec::with_capacity(ndocs);
        let mut r = Reader::new(field("lengths")?.as_str().unwrap_or_default());
        for _ in 0..ndocs {
            lengths.push(r.next().map_err(|e| err(path, e.to_string()))? as u32);
        }
        let shard_firsts = strings(field("shards")?, path, "shards")?;
        let dict_firsts = strings(field("dict")?, path, "dict")?;
        let chunk = field("chunk")?.as_u64().unwrap_or(0) as usize;
        if chunk == 0 {
            return Err(err(path, "chunk must be positive"));
        }

        let mut terms = HashMap::new();
        let mut pairs = HashMap::new();
        for n in 0..shard_firsts.len() {
            let key = format!("t/{n}");
            let vkey = format!("v/{n}");
            let data = by_key
                .get(&key)
                .ok_or_else(|| err(&key, "missing term shard"))?;
            let vdata = by_key
                .get(&vkey)
                .ok_or_else(|| err(&vkey, "missing variants file"))?;
            let mut variants = unpack_variants(vdata, &vkey)?.into_iter();
            for (k, postings) in unpack_shard(data, &key)? {
                if k.contains(' ') {
                    pairs.insert(k, decode_docs(&postings, &key)?);
                    continue;
                }
                let (mut listed, masks) = variants
                    .next()
                    .ok_or_else(|| err(&vkey, "fewer entries than the shard has words"))?;
                if listed.is_empty() {
                    listed.push(k.clone());
                }
                let postings = decode_postings(&postings, &masks, listed.len(), &vkey)?;
                terms.insert(
                    k,
                    Term {
                        variants: listed,
                        postings,
                    },
                );
            }
            if variants.next().is_some() {
                return Err(err(&vkey, "more entries than the shard has words"));
            }
        }
        let mut dict = Vec::new();
        for n in 0..dict_firsts.len() {
            let key = format!("d/{n}");
            let data = by_key
                .get(&key)
                .ok_or_else(|| err(&key, "missing dictionary file"))?;
            dict.push(unpack_dict(data, &key)?);
        }
        let mut docs = Vec::with_capacity(ndocs);
        for n in 0..ndocs.div_ceil(chunk) {
            let key = format!("x/{n}");
            let recs = by_key
                .get(&key)
                .and_then(Value::as_array)
                .ok_or_else(|| err(&key, "missing excerpt file"))?;
            for rec in recs {
                let s = strings(rec, &key, "a document")?;
                match <[String; 4]>::try_from(s) {
                    Ok([url, title, section, text]) => docs.push(DocView {
                        url,
                        title,
                        section,
                        text,
                    }),
                    Err(_) => return Err(err(&key, "a document is not 4 strings")),
                }
            }
        }
        if docs.len() != ndocs {
            return Err(err(path, "document count disagrees with excerpt files"));
        }
        Ok(LoadedIndex {
            lang: m
                .get("lang")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            rules,
            lengths,
            chunk,
            shard_firsts,
            dict_firsts,
            terms,
            pairs,
            dict,
            docs,
            sizes,
        })
    }

    pub fn word_count(&self) -> usize {
        self.terms.len()
    }

    pub fn pair_count(&self) -> usize {
        self.pairs.len()
    }

    pub fn doc_count(&self) -> usize {
        self.lengths.len()
    }

    pub fn doc(&self, n: usize) -> Option<&DocView> {
        self.docs.get(n)
    }

    pub fn term(&self, folded: &str) -> Option<&Term> {
        self.terms.get(folded)
    }

    /// Documents where `left` is directly followed by `right` (both folded).
    pub fn pair(&self, left: &str, right: &str) -> &[u32] {
        self.pairs
            .get(&format!("{left} {right}"))
            .map_or(&[], Vec::as_slice)
    }

    /// Size in bytes of the file registered as `key`.
    pub fn file_size(&self, key: &str) -> Option<usize> {
        self.sizes.get(key).copied()
    }

    pub fn total_size(&self) -> usize {
        self.sizes.values().sum()
    }
}

#[cfg(test)]
mod tests {
    use super::super::{build_index, SearchDoc};
    use super::*;

    fn docs() -> Vec<SearchDoc> {
        vec![
            SearchDoc {
                url: "a/".into(),
                title: "Hòa bình".into(),
                body: "hoà hợp và hóa học, hòa".into(),
                ..SearchDoc::default()
            },
            SearchDoc {
                url: "b/".into(),
                title: "Đường phố".into(),
                body: "đường đi".into(),
                ..SearchDoc::default()
            },
        ]
    }

    #[test]
    fn round_trips_postings_variants_and_pairs() {
        let idx = LoadedIndex::from_files(&build_index("vi", &docs()));
        let idx = match idx {
            Ok(i) => i,
            Err(e) => panic!("{e}"),
        };
        let hoa = idx.term("hoa").cloned();
        let hoa = hoa.unwrap_or(Term {
            variants: vec![],
            postings: vec![],
        });
        assert_eq!(hoa.variants, ["hoa~1", "hoa~2"]);
        let r = &idx.rules;
        // Title "Hòa" (×5), body "hoà", "hóa", "hòa" (×1 each).
        assert_eq!(
            hoa.postings,
            [Posting {
                doc: 0,
                wtf: r.title_weight + 3 * r.body_weight,
                mask: 0b11
            }]
        );
        assert_eq!(idx.term("duong").map(|t| t.postings[0].doc), Some(1));
        assert_eq!(idx.pair("duong", "pho"), [1]);
        assert_eq!(idx.pair("duong", "di"), [1]);
        assert_eq!(idx.pair("hoa", "binh"), [0]);
        // Title and body are different segments: "bình" does not run into "hoà".
        assert!(idx.pair("binh", "hoa").is_empty());
        assert_eq!(idx.lengths, [8, 4]);
        assert_eq!(idx.doc(1).map(|d| d.title.as_str()), Some("Đường phố"));
    }

    #[test]
    fn a_large_frequency_takes_an_extra_number() {
        let d = SearchDoc {
            url: "a/".into(),
            title: "công công".into(),
            body: "công ".repeat(30),
            ..SearchDoc::default()
        };
        let idx = LoadedIndex::from_files(&build_index("vi", &[SearchDoc::default(), d]));
        let wtf = idx.ok().and_then(|i| {
            i.term("cong")
                .map(|t| (t.postings[0].doc, t.postings[0].wtf))
        });
        assert_eq!(wtf, Some((1, 2 * 5 + 30)));
    }

    #[test]
    fn front_coding_round_trips_keys_beyond_the_bmp() {
        // 𝐀 is two UTF-16 units: the shared prefix is counted in units, as JavaScript
        // slices, but never splits the character.
        let docs: Vec<SearchDoc> = ["𝐀b", "𝐀c", "𝐀", "\u{FF21}x", "a𝐀"]
            .iter()
            .enumerate()
            .map(|(i, t)| SearchDoc {
                url: format!("{i}/"),
                title: t.to_string(),
                ..SearchDoc::default()
            })
            .collect();
        let idx = match LoadedIndex::from_files(&build_index("vi", &docs)) {
            Ok(i) => i,
            Err(e) => panic!("{e}"),
        };
        for (i, w) in ["𝐀b", "𝐀c", "𝐀", "\u{FF21}x", "a𝐀"].iter().enumerate() {
            let folded = crate::text::fold(w);
            let doc = idx.term(&folded).map(|t| t.postings[0].doc);
            assert_eq!(doc, Some(i as u32), "{w}");
        }
    }

    #[test]
    fn rejects_damaged_files_without_panicking() {
        let mut files = build_index("vi", &docs());
        for f in files.iter_mut().filter(|f| f.path.ends_with("/t/0.js")) {
            let s = String::from_utf8_lossy(&f.bytes).replace("\"hoa~2\"]", "\"hoa~2\"] ");
            let cut = s.len() - 8;
            f.bytes = s.as_bytes()[..cut].to_vec();
        }
        assert!(LoadedIndex::from_files(&files).is_err());
        assert!(LoadedIndex::from_files(&[]).is_err());
    }
}
