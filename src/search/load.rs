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

/// One document's entry in a term's posting list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Posting {
    pub doc: u32,
    /// Bit `i` set: `variants[i]` occurs in this document.
    pub mask: u32,
    pub positions: Vec<u32>,
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
    /// Per dictionary file, its (term, document frequency) pairs in order.
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

fn decode_postings(s: &str, variants: usize, file: &str) -> Result<Vec<Posting>, IndexError> {
    let bad = |e: codec::CodecError| err(file, e.to_string());
    let mut r = Reader::new(s);
    let mut out = Vec::new();
    let mut next_doc: u64 = 0;
    while !r.at_end() {
        let header = r.next().map_err(bad)?;
        let doc = next_doc + header / 4;
        let mut count = header % 4 + 1;
        if count == 4 {
            count += r.next().map_err(bad)?;
        }
        let mask = if variants > 1 {
            r.next().map_err(bad)? as u32
        } else {
            1
        };
        let mut positions = Vec::with_capacity(count as usize);
        let mut p: Option<u64> = None;
        for _ in 0..count {
            let d = r.next().map_err(bad)?;
            let v = match p {
                Some(prev) => prev + d + 1,
                None => d,
            };
            positions.push(u32::try_from(v).map_err(|_| err(file, "position too large"))?);
            p = Some(v);
        }
        out.push(Posting {
            doc: u32::try_from(doc).map_err(|_| err(file, "document number too large"))?,
            mask,
            positions,
        });
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
        for n in 0..shard_firsts.len() {
            let key = format!("t/{n}");
            let recs = by_key
                .get(&key)
                .and_then(Value::as_array)
                .ok_or_else(|| err(&key, "missing term shard"))?;
            for rec in recs {
                let (folded, variants, postings) = match rec.as_array().map(Vec::as_slice) {
                    Some([Value::String(f), v, Value::String(p)]) => (f, v, p),
                    _ => return Err(err(&key, "a record is not [term, variants, postings]")),
                };
                let mut variants = strings(variants, &key, "variants")?;
                if variants.is_empty() {
                    variants.push(folded.clone());
                }
                let postings = decode_postings(postings, variants.len(), &key)?;
                terms.insert(folded.clone(), Term { variants, postings });
            }
        }
        let mut dict = Vec::new();
        for n in 0..dict_firsts.len() {
            let key = format!("d/{n}");
            let flat = by_key
                .get(&key)
                .and_then(Value::as_array)
                .ok_or_else(|| err(&key, "missing dictionary file"))?;
            let mut pairs = Vec::new();
            for pair in flat.chunks(2) {
                match pair {
                    [Value::String(t), Value::Number(df)] => {
                        pairs.push((t.clone(), df.as_u64().unwrap_or(0) as u32))
                    }
                    _ => return Err(err(&key, "expected term, count pairs")),
                }
            }
            dict.push(pairs);
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
            dict,
            docs,
            sizes,
        })
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
    fn round_trips_postings_and_variants() {
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
        assert_eq!(hoa.postings.len(), 1);
        let p = &hoa.postings[0];
        assert_eq!(p.doc, 0);
        assert_eq!(p.mask, 0b11);
        let b = idx.rules.body_start;
        // Title "Hòa" at 0, body "hoà" (b), "hóa" (b+3), "hòa" (b+5).
        assert_eq!(p.positions, [0, b, b + 3, b + 5]);
        assert_eq!(idx.term("duong").map(|t| t.postings[0].doc), Some(1));
        assert_eq!(idx.lengths, [8, 4]);
        assert_eq!(idx.doc(1).map(|d| d.title.as_str()), Some("Đường phố"));
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
