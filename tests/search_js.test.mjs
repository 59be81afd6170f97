// search.js ranks exactly as the Rust reference does: runs the shared cases of
// tests/search_cases.json on the index files the Rust builder wrote to
// tests/fixtures/search/, and compares every ranking with the Rust one
// (tests/fixtures/search/rankings.json, written by tests/search_cases.rs).
// Run: node --test tests/search_js.test.mjs

import test from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.dirname(here);
const scriptPath = path.join(repo, "src/search/search.js");
const source = fs.readFileSync(scriptPath, "utf8");
const table = JSON.parse(fs.readFileSync(path.join(here, "search_cases.json"), "utf8"));
const rankings = JSON.parse(
  fs.readFileSync(path.join(here, "fixtures/search/rankings.json"), "utf8"),
);

/** Values from the sandbox have its own Array prototype; deepEqual wants ours. */
const plain = (x) => JSON.parse(JSON.stringify(x));

function filesUnder(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(p) : [p];
  });
}

/** search.js in a fresh context with a fake window and no document, as in a worker. */
function sandbox({ segmenter = true } = {}) {
  const ctx = vm.createContext({});
  ctx.window = ctx;
  if (!segmenter) {
    vm.runInContext("Intl.Segmenter = undefined;", ctx);
  }
  vm.runInContext(source, ctx, { filename: scriptPath });
  return ctx;
}

/** An engine over one fixture; `loads` records which files it asked for. */
function engineFor(ctx, fixture) {
  const dir = path.join(here, "fixtures/search", fixture);
  for (const file of filesUnder(dir)) {
    vm.runInContext(fs.readFileSync(file, "utf8"), ctx, { filename: file });
  }
  const loads = [];
  const store = ctx.congkhaiSearch.store;
  const engine = new ctx.congkhaiSearch.core.Engine((key) => {
    loads.push(key);
    return key in store
      ? Promise.resolve(store[key])
      : Promise.reject(new Error("no file " + key));
  });
  return { engine, loads };
}

function check(expect, urls) {
  const errors = [];
  const rank = (u) => urls.indexOf(u);
  if (expect.first !== undefined && urls[0] !== expect.first) {
    errors.push(`first should be ${expect.first}`);
  }
  (expect.top || []).forEach((u, i) => {
    if (urls[i] !== u) errors.push(`result ${i + 1} should be ${u}`);
  });
  for (const [a, b] of expect.before || []) {
    if (rank(a) < 0 || rank(b) < 0 || rank(a) > rank(b)) {
      errors.push(`${a} should rank above ${b}`);
    }
  }
  for (const u of expect.absent || []) {
    if (rank(u) >= 0) errors.push(`${u} should not be found`);
  }
  if (expect.count !== undefined && urls.length !== expect.count) {
    errors.push(`expected ${expect.count} results`);
  }
  return errors;
}

async function runCases(ctxOptions) {
  const rust = new Map(rankings.cases.map((c) => [c.name, c]));
  const contexts = {};
  for (const name of Object.keys(table.fixtures)) {
    // One context per fixture: each index registers the same file keys.
    contexts[name] = sandbox(ctxOptions);
    engineFor(contexts[name], name);
  }
  for (const c of table.cases) {
    // A fresh engine per case, so `loads` is what a first query downloads.
    const { engine, loads } = engineFor(contexts[c.fixture], c.fixture);
    const hits = await engine.search(c.query);
    const pageSize = engine.m.rules.page_size;
    const docs = await Promise.all(hits.map((h) => engine.doc(h.doc)));
    const firstPageLoads = new Set(loads.filter((k) => !k.startsWith("x/")));
    for (const h of hits.slice(0, pageSize)) {
      firstPageLoads.add("x/" + Math.floor(h.doc / engine.m.chunk));
    }
    const got = plain(hits.map((h, i) => [docs[i][0], h.matched, h.phrase, h.exact, h.key]));
    assert.deepEqual(check(c.expect, got.map((g) => g[0])), [], `${c.name} (${c.query})`);
    const expected = rust.get(c.name);
    assert.deepEqual(got, expected.hits, `${c.name}: JavaScript and Rust rank differently`);
    assert.deepEqual(
      [...firstPageLoads].sort(),
      [...expected.files].sort(),
      `${c.name}: JavaScript loads other files than Rust counts`,
    );
  }
}

test("every shared case holds in search.js and ranks exactly as in Rust", async () => {
  assert.equal(rankings.cases.length, table.cases.length, "rankings.json is out of date");
  await runCases({});
});

test("without Intl.Segmenter the fallback splitter gives the same rankings", async () => {
  await runCases({ segmenter: false });
});

test("folding and exact keys match the Rust rules", () => {
  const { fold, exactKey } = sandbox().congkhaiSearch.core;
  assert.equal(fold("Đường đi"), "duong di");
  assert.equal(fold("hoà"), fold("hòa"));
  assert.equal(fold("Tây Hồ".normalize("NFD")), "tay ho");
  assert.equal(exactKey("hoà"), "hoa~1");
  assert.equal(exactKey("hòa"), "hoa~1");
  assert.equal(exactKey("Đầu"), "đâu~1");
  assert.equal(exactKey("nghiệp".normalize("NFD")), "nghiêp~5");
  assert.equal(exactKey("OCOP"), "ocop");
});

test("query parsing marks the half-typed last word", () => {
  const { parseQuery } = sandbox().congkhaiSearch.core;
  const rules = { max_word_chars: 48, max_query_words: 8, min_prefix_chars: 2 };
  const q = parseQuery("đầu tu co", rules);
  assert.deepEqual(
    plain(q.map((w) => [w.folded, w.diacritics, w.prefix])),
    [["dau", true, false], ["tu", false, false], ["co", false, true]],
  );
  assert.equal(parseQuery("dau tu co ", rules)[2].prefix, false);
  assert.equal(parseQuery("dau tu c", rules)[2].prefix, false);
  assert.equal(parseQuery("từ ".repeat(12), rules).length, 8);
});

test("a first query loads the manifest and only the shards it needs", async () => {
  const { engine, loads } = engineFor(sandbox(), "vi");
  await engine.search("thuy khue");
  assert.equal(loads[0], "manifest");
  assert.ok(loads.every((k) => k === "manifest" || k.startsWith("t/") || k.startsWith("d/")));
  const shards = loads.filter((k) => k.startsWith("t/"));
  assert.ok(shards.length >= 1 && shards.length <= 4, `loaded ${loads}`);
});

test("excerpts mark the matched words, prefixes included", () => {
  const { excerpt, parseQuery } = sandbox().congkhaiSearch.core;
  const rules = { max_word_chars: 48, max_query_words: 8, min_prefix_chars: 2 };
  const text = "Tổ chức 04 Hội chợ OCOP tại phố đi bộ Trịnh Công Sơn.";
  const pieces = excerpt(text, parseQuery("hoi cho oc", rules));
  assert.deepEqual(
    plain(pieces.filter((p) => p.mark).map((p) => p.text)),
    ["Hội", "chợ", "OCOP"],
  );
  assert.equal(pieces.map((p) => p.text).join(""), text);
});

test("a long excerpt is cut around the matches", () => {
  const { excerpt, parseQuery } = sandbox().congkhaiSearch.core;
  const rules = { max_word_chars: 48, max_query_words: 8, min_prefix_chars: 2 };
  const words = Array.from({ length: 80 }, (_, i) => `từ${i}`);
  words[60] = "Thụy";
  words[61] = "Khuê";
  const pieces = excerpt(words.join(" "), parseQuery("thuy khue ", rules));
  const shown = pieces.map((p) => p.text).join("");
  assert.ok(shown.startsWith("… "), shown);
  assert.ok(shown.includes("Thụy Khuê"));
  assert.deepEqual(plain(pieces.filter((p) => p.mark).map((p) => p.text)), ["Thụy", "Khuê"]);
});

test("numbers decode as the Rust codec writes them", () => {
  const { numbers } = sandbox().congkhaiSearch.core;
  // The same string is pinned in src/search/codec.rs.
  assert.deepEqual(plain(numbers("#cd#~cdd#")), [0, 63, 64, 1791, 1792]);
});
