/* congkhai search: finds Vietnamese typed with or without diacritics, with no server.
 *
 * congkhai publishes this file at search/search.js, next to the indexes it reads.
 *
 * The index (built by src/search/ in congkhai) is a folder of small scripts, each calling
 * congkhaiSearch.add([key, data]). They are loaded with <script> tags, not fetch(), so the
 * search also works from file://; paths are relative to data-index, so it works under any
 * sub-path and inside a copied or archived folder.
 *
 * Matching and ranking mirror src/search/{tokenize,rank}.rs step for step: keep them in
 * step (tests/search_cases.json is run against both). The numbers (weights, k1, b…)
 * come from the manifest, not from this file.
 *
 * The pure part (folding, splitting, decoding, ranking, excerpts) needs no DOM and is
 * exported as congkhaiSearch.core, which is how the Node tests reach it.
 */
(function (root) {
  "use strict";

  var ns = root.congkhaiSearch = root.congkhaiSearch || {};
  // Keys and words index these tables, so they have no prototype: a query for
  // "constructor" or "__proto__" must not find Object's own properties.
  var store = ns.store = ns.store || Object.create(null);
  var waiting = Object.create(null);

  ns.add = function (pair) {
    if (!pair || typeof pair[0] !== "string") return;
    store[pair[0]] = pair[1];
    if (waiting[pair[0]]) waiting[pair[0]](pair[1]);
  };

  /* ---------- words ---------- */

  var MARK = /\p{M}/u;
  var WORDISH = /[\p{Alphabetic}\p{N}]/u;
  // Only for browsers without Intl.Segmenter: UAX #29 for alphabetic scripts, roughly
  // (letters and digits; ' ’ . between letters; , . between digits).
  var FALLBACK_WORD = /[\p{Alphabetic}\p{N}\p{M}\p{Pc}]+(?:(?:['’.:·](?=[\p{Alphabetic}])|[.,;'’](?=\p{N}))[\p{Alphabetic}\p{N}\p{M}\p{Pc}]+)*/gu;
  var TONES = { "\u0300": "1", "\u0301": "2", "\u0303": "3", "\u0309": "4", "\u0323": "5" };
  var segmenter = null;

  function getSegmenter() {
    if (segmenter === null) {
      segmenter = typeof Intl !== "undefined" && Intl.Segmenter
        ? new Intl.Segmenter("und", { granularity: "word" })
        : false;
    }
    return segmenter;
  }

  function charCount(s) {
    var n = 0;
    for (var _ of s) n++; // eslint-disable-line no-unused-vars
    return n;
  }

  /** Words of `text` on Unicode word boundaries: [{start, text}] (UTF-16 offsets). */
  function words(text, maxChars) {
    var out = [];
    var seg = getSegmenter();
    if (seg) {
      for (var s of seg.segment(text)) {
        if (WORDISH.test(s.segment) && charCount(s.segment) <= maxChars) {
          out.push({ start: s.index, text: s.segment });
        }
      }
    } else {
      FALLBACK_WORD.lastIndex = 0;
      var m;
      while ((m = FALLBACK_WORD.exec(text)) !== null) {
        if (WORDISH.test(m[0]) && charCount(m[0]) <= maxChars) {
          out.push({ start: m.index, text: m[0] });
        }
      }
    }
    return out;
  }

  /** Same as fold() in src/text.rs: NFD, drop marks, đ → d, lowercase. */
  function fold(s) {
    var out = "";
    for (var c of s.normalize("NFD")) {
      if (MARK.test(c)) continue;
      out += c === "đ" || c === "Đ" ? "d" : c.toLowerCase();
    }
    return out;
  }

  /** Same as exact_key() in tokenize.rs: tone marks lifted off and written after "~". */
  function exactKey(w) {
    var rest = "";
    var tones = "";
    for (var c of w.normalize("NFD")) {
      if (TONES[c]) tones += TONES[c];
      else rest += c.toLowerCase();
    }
    rest = rest.normalize("NFC");
    return tones ? rest + "~" + tones : rest;
  }

  /** Same as parse_query() in tokenize.rs and rank.rs. */
  function parseQuery(query, rules) {
    var out = [];
    var lastEnd = 0;
    var ws = words(query, rules.max_word_chars);
    for (var i = 0; i < ws.length && out.length < rules.max_query_words; i++) {
      var folded = fold(ws[i].text);
      if (!folded) continue;
      var exact = exactKey(ws[i].text);
      lastEnd = ws[i].start + ws[i].text.length;
      out.push({ folded: folded, exact: exact, diacritics: exact !== folded, prefix: false });
    }
    if (out.length) {
      var last = out[out.length - 1];
      last.prefix = lastEnd === query.length && charCount(last.folded) >= rules.min_prefix_chars;
    }
    return out;
  }

  /* ---------- decoding (codec.rs) ---------- */

  var TERMINAL = 64;
  var CONTINUATION = 27;

  function digit(code) {
    // "#" (35) to "~" (126) without the backslash (92).
    return code > 92 ? code - 36 : code - 35;
  }

  function numbers(s) {
    var out = [];
    var n = 0;
    var mult = 1;
    for (var i = 0; i < s.length; i++) {
      var d = digit(s.charCodeAt(i));
      n += d * mult;
      if (d < TERMINAL) {
        out.push(n);
        n = 0;
        mult = 1;
      } else {
        mult *= CONTINUATION;
      }
    }
    return out;
  }

  /** A reader over a packed string: numbers, and text up to a stop character. */
  function Reader(s) {
    this.s = s;
    this.at = 0;
  }
  Reader.prototype.end = function () { return this.at >= this.s.length; };
  Reader.prototype.num = function () {
    var n = 0;
    var mult = 1;
    for (;;) {
      if (this.at >= this.s.length) throw new Error("truncated number");
      var d = digit(this.s.charCodeAt(this.at++));
      n += d * mult;
      if (d < TERMINAL) return n;
      mult *= CONTINUATION;
    }
  };
  Reader.prototype.until = function (stops) {
    var i = this.at;
    while (i < this.s.length && stops.indexOf(this.s[i]) < 0) i++;
    if (i >= this.s.length) throw new Error("missing separator");
    var text = this.s.slice(this.at, i);
    this.at = i + 1;
    return [text, this.s[i]];
  };
  Reader.prototype.take = function (n) {
    var text = this.s.slice(this.at, this.at + n);
    this.at += n;
    return text;
  };

  /** A term shard [keys, postings] → {key: {post, word}} (unpack_shard in load.rs). */
  function unpackShard(data) {
    var k = new Reader(data[0]);
    var p = new Reader(data[1]);
    var byKey = new Map();
    var prev = "";
    var words = 0;
    while (!k.end()) {
      var units = k.num();
      var key = prev.slice(0, units) + k.until("|")[0];
      var post = p.take(p.num());
      // Words are numbered in order, to find their entry in the variants file.
      byKey.set(key, { post: post, word: key.indexOf(" ") < 0 ? words++ : -1 });
      prev = key;
    }
    return byKey;
  }

  /** A variants file → [{variants, masks}] per word of the shard (unpack_variants). */
  function unpackVariants(text) {
    var r = new Reader(text);
    var out = [];
    while (!r.end()) {
      var variants = [];
      var stop = r.until("!|")[1];
      while (stop === "!") {
        var part = r.until("!|");
        variants.push(part[0]);
        stop = part[1];
      }
      out.push({ variants: variants, masks: r.take(r.num()) });
    }
    return out;
  }

  /** A dictionary file → [[word, df]…] (unpack_dict). */
  function unpackDict(text) {
    var r = new Reader(text);
    var out = [];
    var prev = "";
    while (!r.end()) {
      var units = r.num();
      var word = prev.slice(0, units) + r.until("|")[0];
      out.push([word, r.num()]);
      prev = word;
    }
    return out;
  }

  /** A word's postings → {docs, wtf} (decode_postings, without the masks). */
  function decodeWord(post) {
    var nums = numbers(post);
    var docs = [];
    var wtf = [];
    var next = 0;
    for (var i = 0; i < nums.length;) {
      var h = nums[i++];
      var doc = next + Math.floor(h / 8);
      var f = (h % 8) + 1;
      if (f === 8) f += nums[i++];
      docs.push(doc);
      wtf.push(f);
      next = doc + 1;
    }
    return { docs: docs, wtf: wtf };
  }

  /** A pair's postings → [doc…] (decode_docs). */
  function decodeDocs(s) {
    var nums = numbers(s);
    var docs = [];
    var next = 0;
    for (var i = 0; i < nums.length; i++) {
      docs.push(next + nums[i]);
      next = docs[i] + 1;
    }
    return docs;
  }

  /* ---------- ranking (rank.rs) ---------- */

  /** Index of the last of the sorted `firsts` that is <= key, or -1. */
  function fileFor(firsts, key) {
    var lo = 0;
    var hi = firsts.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (firsts[mid] <= key) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  /**
   * A search engine over one index. `load(key)` returns a Promise of a file's data.
   * Files are loaded as the query needs them: the manifest, dictionary files for a
   * half-typed last word, then the shards holding the words and pairs.
   */
  function Engine(load) {
    this.load = load;
    this.words = new Map();
    this.exacts = new Map();
    this.pairs = new Map();
    this.shards = new Map();
    this.variantFiles = new Map();
    this.dicts = new Map();
  }

  /** The cached value of `key` in `map`, made by `make` the first time. */
  function cached(map, key, make) {
    if (!map.has(key)) map.set(key, make());
    return map.get(key);
  }

  Engine.prototype.manifest = function () {
    var self = this;
    if (!self.manifestPromise) {
      self.manifestPromise = self.load("manifest").then(function (m) {
        var lengths = numbers(m.lengths);
        var total = 0;
        for (var i = 0; i < lengths.length; i++) total += lengths[i];
        self.m = m;
        self.lengths = lengths;
        self.avgdl = total / m.docs;
        return m;
      });
    }
    return self.manifestPromise;
  };

  /** Loads term shard n: {key: {post, word}}. */
  Engine.prototype.shard = function (n) {
    var load = this.load;
    return cached(this.shards, n, function () { return load("t/" + n).then(unpackShard); });
  };

  /** Loads the variants file of shard n. */
  Engine.prototype.variants = function (n) {
    var load = this.load;
    return cached(this.variantFiles, n, function () { return load("v/" + n).then(unpackVariants); });
  };

  Engine.prototype.dict = function (n) {
    var load = this.load;
    return cached(this.dicts, n, function () { return load("d/" + n).then(unpackDict); });
  };

  /** Resolves query words to terms and pair keys, loading what that takes (plan() in rank.rs). */
  Engine.prototype.plan = async function (query) {
    var m = await this.manifest();
    var rules = m.rules;
    var ws = parseQuery(query, rules);
    var resolved = [];
    for (var i = 0; i < ws.length; i++) {
      var w = ws[i];
      var terms = [[w.folded, false]];
      if (w.prefix) {
        var p = w.folded;
        var start = fileFor(m.dict, p);
        var n = start < 0 ? 0 : start;
        var check = start < 0;
        var candidates = [];
        for (; n < m.dict.length; n++, check = true) {
          if (check && !m.dict[n].startsWith(p)) break;
          var entries = await this.dict(n);
          for (var j = 0; j < entries.length; j++) {
            var t = entries[j][0];
            if (t !== p && t.startsWith(p)) candidates.push(entries[j]);
          }
        }
        candidates.sort(function (a, b) {
          return b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
        });
        for (var k = 0; k < candidates.length && k < rules.max_expansions; k++) {
          terms.push([candidates[k][0], true]);
        }
      }
      resolved.push({ word: w, terms: terms });
    }
    var pairs = [];
    for (var a = 0; a + 1 < resolved.length; a++) {
      var list = [];
      resolved[a].terms.forEach(function (l) {
        resolved[a + 1].terms.forEach(function (r) { list.push([l[0], r[0]]); });
      });
      pairs.push(list);
    }
    var keys = [];
    resolved.forEach(function (rw) { rw.terms.forEach(function (t) { keys.push(t[0]); }); });
    pairs.forEach(function (list) { list.forEach(function (lr) { keys.push(lr[0] + " " + lr[1]); }); });
    var self = this;
    var need = [];
    keys.forEach(function (key) {
      var n = fileFor(m.shards, key);
      if (n >= 0 && need.indexOf(n) < 0) need.push(n);
    });
    // Exact spellings are only read for words typed with diacritics.
    var needVariants = [];
    resolved.forEach(function (rw) {
      var n = fileFor(m.shards, rw.word.folded);
      if (rw.word.diacritics && n >= 0 && needVariants.indexOf(n) < 0) needVariants.push(n);
    });
    var loaded = new Map();
    var loadedVariants = new Map();
    await Promise.all(need.map(function (n) {
      return self.shard(n).then(function (byKey) { loaded.set(n, byKey); });
    }).concat(needVariants.map(function (n) {
      return self.variants(n).then(function (v) { loadedVariants.set(n, v); });
    })));
    var lookup = function (key) {
      var n = fileFor(m.shards, key);
      var entry = loaded.has(n) ? loaded.get(n).get(key) : undefined;
      return entry ? { key: key, shard: n, post: entry.post, word: entry.word } : undefined;
    };
    var exact = function (entry) {
      var v = loadedVariants.get(entry.shard);
      return v && entry.word >= 0 ? v[entry.word] : undefined;
    };
    return { words: resolved, pairs: pairs, lookup: lookup, exact: exact };
  };

  Engine.prototype.word = function (entry) {
    return cached(this.words, entry.key, function () { return decodeWord(entry.post); });
  };

  /** A word's exact spellings: {variants, mask[]} (mask null: one variant, always set). */
  Engine.prototype.exactOf = function (entry, raw) {
    return cached(this.exacts, entry.key, function () {
      var variants = raw.variants.length ? raw.variants : [entry.key];
      return { variants: variants, mask: variants.length > 1 ? numbers(raw.masks) : null };
    });
  };

  Engine.prototype.pairDocs = function (entry) {
    return cached(this.pairs, entry.key, function () { return decodeDocs(entry.post); });
  };

  /** All results, best first (search() in rank.rs). */
  Engine.prototype.search = async function (query) {
    var plan = await this.plan(query);
    var m = this.m;
    var rules = m.rules;
    var nWords = plan.words.length;
    var nDocs = m.docs;
    if (nWords === 0 || nDocs === 0) return [];
    // Flat typed arrays by document number: a query touches up to every document, and
    // one object per document was most of the time on 10,000 pages. Bit i of
    // matched/exact/adjacent is query word i (at most 8 words).
    var matched = new Uint8Array(nDocs);
    var exact = new Uint8Array(nDocs);
    var adjacent = new Uint8Array(nDocs);
    var best = new Float64Array(nDocs * nWords);
    var touched = [];
    var k1 = rules.k1;
    var b = rules.b;
    var avgdl = this.avgdl;
    var lengths = this.lengths;
    for (var i = 0; i < nWords; i++) {
      var rw = plan.words[i];
      var bit = 1 << i;
      for (var ti = 0; ti < rw.terms.length; ti++) {
        var term = rw.terms[ti][0];
        var expansion = rw.terms[ti][1];
        var entry = plan.lookup(term);
        if (!entry || entry.word < 0) continue;
        var t = this.word(entry);
        var df = t.docs.length;
        var idf = Math.log(1 + (nDocs - df + 0.5) / (df + 0.5));
        var exactBit = 0;
        var masks = null;
        if (rw.word.diacritics && !expansion) {
          var raw = plan.exact(entry);
          if (raw) {
            var ex = this.exactOf(entry, raw);
            var j = ex.variants.indexOf(rw.word.exact);
            if (j >= 0 && j < 31) {
              exactBit = 1 << j;
              masks = ex.mask;
            }
          }
        }
        var factor = expansion ? rules.prefix_weight : 1;
        for (var p = 0; p < df; p++) {
          var doc = t.docs[p];
          var wtf = t.wtf[p];
          var dl = lengths[doc] || 0;
          var norm = k1 * (1 - b + b * dl / avgdl);
          var s = idf * (wtf * (k1 + 1)) / (wtf + norm) * factor;
          if (matched[doc] === 0) touched.push(doc);
          matched[doc] |= bit;
          var at = doc * nWords + i;
          if (s > best[at]) best[at] = s;
          if (exactBit && (masks ? masks[p] & exactBit : exactBit & 1)) exact[doc] |= bit;
        }
      }
    }
    for (var pi = 0; pi < plan.pairs.length; pi++) {
      for (var c = 0; c < plan.pairs[pi].length; c++) {
        var lr = plan.pairs[pi][c];
        var pentry = plan.lookup(lr[0] + " " + lr[1]);
        if (!pentry) continue;
        var docs = this.pairDocs(pentry);
        for (var d = 0; d < docs.length; d++) {
          if (matched[docs[d]]) adjacent[docs[d]] |= 1 << pi;
        }
      }
    }
    var most = 0;
    for (var x = 0; x < touched.length; x++) most = Math.max(most, bits(matched[touched[x]]));
    var hits = [];
    for (var y = 0; y < touched.length; y++) {
      var dd = touched[y];
      var nm = bits(matched[dd]);
      if (most === 0 || nm < most) continue;
      var score = 0;
      for (var q = 0; q < nWords; q++) score += best[dd * nWords + q];
      hits.push({
        doc: dd,
        matched: nm,
        phrase: longestRun(adjacent[dd], nWords - 1),
        exact: bits(exact[dd]),
        score: score,
        key: Math.round(score * 1e6),
      });
    }
    hits.sort(function (x, y) {
      return y.phrase - x.phrase || y.exact - x.exact || y.key - x.key || x.doc - y.doc;
    });
    hits.words = plan.words.map(function (rw) { return rw.word; });
    return hits;
  };

  /** What a hit shows: [url, title, section, text], loading its excerpt file. */
  Engine.prototype.doc = function (n) {
    var m = this.m;
    return this.load("x/" + Math.floor(n / m.chunk)).then(function (list) {
      return list[n % m.chunk];
    });
  };

  function bits(n) {
    var c = 0;
    for (; n; n >>= 1) c += n & 1;
    return c;
  }

  /** 1 + the longest run of set bits among the first `len` of `adjacent`. */
  function longestRun(adjacent, len) {
    var best = 0;
    var run = 0;
    for (var i = 0; i < len; i++) {
      run = adjacent & (1 << i) ? run + 1 : 0;
      if (run > best) best = run;
    }
    return best + 1;
  }

  /* ---------- excerpts ---------- */

  var EXCERPT_WORDS = 24;

  /**
   * The stretch of `text` (at most EXCERPT_WORDS words) that holds the most different
   * query words, earliest first, as [{text, mark}] pieces.
   */
  function excerpt(text, qwords, maxWordChars) {
    var ws = words(text, maxWordChars || 48);
    var hit = ws.map(function (w) {
      var f = fold(w.text);
      for (var i = 0; i < qwords.length; i++) {
        var q = qwords[i];
        if (f === q.folded || (q.prefix && f.startsWith(q.folded))) return i;
      }
      return -1;
    });
    var bestStart = 0;
    var bestScore = -1;
    for (var s = 0; s < Math.max(1, ws.length - EXCERPT_WORDS + 1); s++) {
      var seen = {};
      var score = 0;
      for (var k = s; k < ws.length && k < s + EXCERPT_WORDS; k++) {
        if (hit[k] >= 0 && !seen[hit[k]]) {
          seen[hit[k]] = true;
          score++;
        }
      }
      if (score > bestScore) {
        bestScore = score;
        bestStart = s;
      }
    }
    if (!ws.length) return text ? [{ text: text, mark: false }] : [];
    var last = Math.min(ws.length, bestStart + EXCERPT_WORDS) - 1;
    var from = bestStart === 0 ? 0 : ws[bestStart].start;
    var to = last === ws.length - 1 ? text.length : ws[last].start + ws[last].text.length;
    var pieces = [];
    if (from > 0) pieces.push({ text: "… ", mark: false });
    var at = from;
    for (var i = bestStart; i <= last; i++) {
      if (hit[i] < 0) continue;
      var w = ws[i];
      if (w.start > at) pieces.push({ text: text.slice(at, w.start), mark: false });
      pieces.push({ text: w.text, mark: true });
      at = w.start + w.text.length;
    }
    if (to > at) pieces.push({ text: text.slice(at, to), mark: false });
    if (to < text.length) pieces.push({ text: " …", mark: false });
    return pieces.map(function (p) {
      return { text: p.text.replace(/\s+/g, " "), mark: p.mark };
    });
  }

  ns.core = {
    fold: fold,
    exactKey: exactKey,
    words: words,
    parseQuery: parseQuery,
    numbers: numbers,
    unpackShard: unpackShard,
    unpackVariants: unpackVariants,
    unpackDict: unpackDict,
    decodeWord: decodeWord,
    decodeDocs: decodeDocs,
    excerpt: excerpt,
    Engine: Engine,
    resetSegmenter: function () { segmenter = null; },
  };

  /* ---------- the page ---------- */

  if (typeof document === "undefined") return;

  var script = document.currentScript || document.querySelector("script[data-index]");
  if (!script) return;
  var lang = script.getAttribute("data-lang") || document.documentElement.lang || "vi";
  var base = new URL(
    script.getAttribute("data-index") || "../search/" + lang + "/",
    script.getAttribute("data-index") ? document.baseURI : script.src
  ).href;
  if (base.slice(-1) !== "/") base += "/";
  var siteRoot = script.getAttribute("data-root") || "";
  var fromDisk = location.protocol === "file:";
  var loading = Object.create(null);

  function loadFile(key) {
    if (!loading[key]) {
      loading[key] = new Promise(function (resolve, reject) {
        if (key in store) return resolve(store[key]);
        var el = document.createElement("script");
        waiting[key] = function (data) { delete waiting[key]; resolve(data); };
        el.onload = function () {
          if (key in store) resolve(store[key]);
          else reject(new Error("search index file " + key + " did not register"));
        };
        el.onerror = function () {
          delete loading[key];
          reject(new Error("could not load search index file " + key));
        };
        // The address exactly as the site publishes it, with no query: a web archive
        // replays only the addresses it recorded (a snapshot's WARC holds
        // `search/vi/d/0.js`, never `…?v=…`), and some browsers refuse query
        // strings on file://.
        el.src = base + key + ".js";
        el.async = true;
        document.head.appendChild(el);
      });
    }
    return loading[key];
  }

  var engine = new Engine(loadFile);
  ns.engine = engine;

  var TEXT = {
    vi: {
      found: function (n, q) { return "Tìm thấy " + n.toLocaleString("vi") + " kết quả cho «" + q + "»"; },
      none: function () { return "Không tìm thấy kết quả nào"; },
      more: "Xem thêm kết quả",
      failed: "Không tải được chỉ mục tìm kiếm.",
    },
    en: {
      found: function (n, q) {
        return n.toLocaleString("en") + (n === 1 ? " result" : " results") + " for “" + q + "”";
      },
      none: function () { return "No results"; },
      more: "More results",
      failed: "The search index could not be loaded.",
    },
  };
  var own = function (k) { return Object.prototype.hasOwnProperty.call(TEXT, k) ? TEXT[k] : null; };
  var text = own(lang) || own(lang.split("-")[0]) || TEXT.en;

  var results = document.getElementById("search-results");
  if (!results) {
    // Not the search page: warm the cache when someone starts to use the header box.
    var box = document.querySelector("form.site-search input[name=q]");
    if (box) {
      box.addEventListener("focus", function () { engine.manifest().catch(function () {}); }, { once: true });
    }
    return;
  }

  var input = document.getElementById("search-input");
  var status = document.getElementById("search-status");
  var form = input && input.form;
  var more = null;
  var current = 0;

  function href(url) {
    var h = siteRoot + url;
    return fromDisk && (h === "" || h.slice(-1) === "/") ? h + "index.html" : h;
  }

  function setStatus(msg) {
    if (status) status.textContent = msg;
  }

  function render(hits, from, qwords, run) {
    var page = hits.slice(from, from + engine.m.rules.page_size);
    return Promise.all(page.map(function (h) { return engine.doc(h.doc); })).then(function (docs) {
      if (run !== current) return;
      docs.forEach(function (d) {
        if (!d) return;
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = href(d[0]);
        a.textContent = d[1];
        li.appendChild(a);
        if (d[2]) {
          li.appendChild(document.createTextNode(" "));
          var sec = document.createElement("span");
          sec.className = "search-section";
          sec.textContent = d[2];
          li.appendChild(sec);
        }
        var p = document.createElement("p");
        p.className = "search-excerpt";
        excerpt(d[3], qwords, engine.m.rules.max_word_chars).forEach(function (piece) {
          if (piece.mark) {
            var mk = document.createElement("mark");
            mk.textContent = piece.text;
            p.appendChild(mk);
          } else {
            p.appendChild(document.createTextNode(piece.text));
          }
        });
        li.appendChild(p);
        results.appendChild(li);
      });
      var shownCount = from + page.length;
      if (shownCount < hits.length) {
        if (!more) {
          more = document.createElement("button");
          more.type = "button";
          more.className = "search-more";
          more.textContent = text.more;
          results.insertAdjacentElement("afterend", more);
        }
        more.hidden = false;
        more.onclick = function () {
          var firstNew = results.children.length;
          render(hits, shownCount, qwords, current).then(function () {
            var link = results.children[firstNew] && results.children[firstNew].querySelector("a");
            if (link) link.focus();
          });
        };
      } else if (more) {
        more.hidden = true;
      }
    });
  }

  function run(q) {
    var id = ++current;
    var trimmed = q.trim();
    syncAddress(trimmed);
    if (!trimmed) {
      results.textContent = "";
      if (more) more.hidden = true;
      setStatus("");
      return Promise.resolve();
    }
    return engine.search(q).then(function (hits) {
      if (id !== current) return;
      results.textContent = "";
      if (more) more.hidden = true;
      setStatus(hits.length ? text.found(hits.length, trimmed) : text.none(trimmed));
      return render(hits, 0, hits.words, id);
    }).catch(function () {
      if (id === current) setStatus(text.failed);
    });
  }

  function syncAddress(q) {
    try {
      var url = new URL(location.href);
      if (q) url.searchParams.set("q", q);
      else url.searchParams.delete("q");
      if (url.href !== location.href) history.replaceState(history.state, "", url.href);
    } catch (e) {
      // Some browsers refuse replaceState on file://; the results still show.
    }
  }

  var timer = 0;
  if (input) {
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { run(input.value); }, 150);
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") {
        var first = results.querySelector("a");
        if (first) {
          e.preventDefault();
          first.focus();
        }
      }
    });
  }
  if (form) {
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      clearTimeout(timer);
      run(input.value);
    });
  }
  results.addEventListener("keydown", function (e) {
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp" && e.key !== "Escape") return;
    var links = Array.prototype.slice.call(results.querySelectorAll("li > a"));
    var i = links.indexOf(document.activeElement);
    if (i < 0) return;
    e.preventDefault();
    if (e.key === "Escape" || (e.key === "ArrowUp" && i === 0)) {
      if (input) input.focus();
    } else if (e.key === "ArrowDown" && i + 1 < links.length) {
      links[i + 1].focus();
    } else if (e.key === "ArrowUp") {
      links[i - 1].focus();
    }
  });

  var initial = new URLSearchParams(location.search).get("q");
  if (initial && input) {
    input.value = initial;
    run(initial);
  }
})(typeof window !== "undefined" ? window : globalThis);
