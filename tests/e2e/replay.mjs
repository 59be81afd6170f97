// A snapshot's WARC replayed by web-archive software nobody here wrote (pywb), and read
// in headless Chromium the way a citizen or a researcher would: pages opened by the
// public addresses that the sitemap, feeds and canonical links give (`…/`, not
// `…/index.html`), their stylesheets and images found, links followed inside the
// archive, a search that returns results, and the redirect a static host makes
// (`…/2020-q4` → `…/2020-q4/`). Once at the domain root, once under a sub-path base_url.
//
//   node tests/e2e/replay.mjs --bin target/debug/congkhai [--pywb DIR_WITH_wayback]
//
// The bundled site is copied into a temporary folder, snapshotted there (the repository's
// archive/ is never written), and pywb runs on 127.0.0.1 from that folder. pywb is always
// stopped, whatever happens, and the folder removed.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { launch } from './lib/browser.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '../..');
const { values: opts } = parseArgs({
  options: {
    bin: { type: 'string', default: path.join(REPO, 'target/debug/congkhai') },
    pywb: { type: 'string', default: path.join(REPO, '.venv-ci/bin') },
  },
});
opts.bin = path.resolve(opts.bin);
opts.pywb = path.resolve(opts.pywb);

// 2020-12-31T00:00:00Z: the WARC-Date of every record, so the replay address is fixed.
const EPOCH = '1609372800';
const STAMP = '20201231000000';
const BASES = [
  { coll: 'root', base: 'https://congkhai.example/' },
  { coll: 'subpath', base: 'https://owner.github.io/phuong-tu-lien/' },
];
// Pages by their public addresses, relative to base_url.
const PAGES = [
  { kind: 'home', path: '' },
  { kind: 'plan', path: 'ke-hoach/2020-q4/' },
  { kind: 'event', path: 'su-kien/ngay-phap-luat/' },
  { kind: 'album (photos)', path: 'album-anh/hoi-cho-ocop/', images: true },
  { kind: 'English event', path: 'en/su-kien/ngay-phap-luat/' },
];
// Typed into the search page's box: a shared `?q=` address is one the archive never
// recorded (a web archive replays the addresses it holds, queries included).
const SEARCH = { path: 'search/', query: 'trinh cong son', expect: 'su-kien/hoi-cho-ocop/' };

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'congkhai-replay-'));
let pywb = null;

const running = () => pywb && pywb.exitCode === null && pywb.signalCode === null;

function signalPywb(sig) {
  // Its own process group: whatever wayback started goes with it.
  try {
    process.kill(-pywb.pid, sig);
  } catch {
    /* already gone */
  }
}

// Stops pywb and waits until it has exited (SIGKILL after 5 s).
async function stopPywb() {
  if (!running()) return;
  const exited = new Promise((resolve) => pywb.once('exit', resolve));
  signalPywb('SIGTERM');
  const timer = setTimeout(() => signalPywb('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
// The last resort, on an unexpected exit: no waiting is possible here.
process.on('exit', () => {
  if (running()) signalPywb('SIGKILL');
  fs.rmSync(work, { recursive: true, force: true });
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));

function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { cwd: work, env: { ...process.env, ...env }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

// The bundled site, with `base`, snapshotted in a folder of its own; the WARC's path.
function snapshot({ coll, base }) {
  const site = path.join(work, `site-${coll}`);
  fs.mkdirSync(site);
  for (const f of ['config.yaml', 'content', 'themes']) fs.cpSync(path.join(REPO, f), path.join(site, f), { recursive: true });
  const config = path.join(site, 'config.yaml');
  const text = fs.readFileSync(config, 'utf8');
  const changed = text.replace(/^base_url: .*$/m, `base_url: "${base}"`);
  if (changed === text && !text.includes(base)) throw new Error('config.yaml has no base_url line to change');
  fs.writeFileSync(config, changed);
  run(opts.bin, ['snapshot', '2020-Q4', '--quiet', '--root', site], { SOURCE_DATE_EPOCH: EPOCH });
  return path.join(site, 'archive/2020-q4/data/2020-q4.warc.gz');
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function startPywb(warcs) {
  const dir = path.join(work, 'pywb');
  fs.mkdirSync(dir);
  const wbManager = path.join(opts.pywb, 'wb-manager');
  for (const { coll, warc } of warcs) {
    spawnSync(wbManager, ['init', coll], { cwd: dir, stdio: 'ignore' });
    const r = spawnSync(wbManager, ['add', coll, warc], { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`wb-manager add ${coll} failed:\n${r.stderr}`);
  }
  // Unframed replay: the page itself is the top document, as a citizen sees it.
  fs.writeFileSync(path.join(dir, 'config.yaml'), 'framed_replay: false\n');
  const port = await freePort();
  const log = fs.openSync(path.join(work, 'pywb.log'), 'w');
  pywb = spawn(path.join(opts.pywb, 'wayback'), ['--bind', '127.0.0.1', '--port', String(port)], {
    cwd: dir,
    detached: true,
    stdio: ['ignore', log, log],
  });
  const origin = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 150; i++) {
    if (pywb.exitCode !== null) break;
    try {
      const res = await fetch(`${origin}/${warcs[0].coll}/`);
      if (res.status < 500) return origin;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`pywb did not start:\n${fs.readFileSync(path.join(work, 'pywb.log'), 'utf8')}`);
}

const results = [];
function record(name, problems) {
  results.push({ name, problems });
  console.log(`${problems.length ? 'FAIL' : 'ok  '} ${name}`);
  for (const p of problems) console.log(`       - ${p}`);
}

// A browser tab that notes every failed or refused request and every script error; only
// the replay server may be reached.
async function tab(browser, origin) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const trouble = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    trouble.push(`request outside the replay blocked: ${url}`);
    return route.abort('blockedbyclient');
  });
  page.on('pageerror', (e) => trouble.push(`script error: ${e.message}`));
  page.on('requestfailed', (r) => {
    if (r.failure()?.errorText !== 'net::ERR_BLOCKED_BY_CLIENT') trouble.push(`request failed: ${r.url()} (${r.failure()?.errorText})`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) trouble.push(`HTTP ${r.status()} for ${r.url()}`);
  });
  const requested = new Set();
  page.on('request', (r) => requested.add(r.url()));
  return {
    page,
    trouble,
    // pywb answers some addresses it never recorded with a near one (its "fuzzy"
    // rules drop a `?v=…`); other replay tools do not. So every address the page asked
    // for must be in the archive's index exactly as asked.
    close: async () => {
      await context.close();
      trouble.push(...(await unrecorded(origin, requested)));
    },
  };
}

const exactly = new Map();
async function unrecorded(origin, urls) {
  const problems = [];
  for (const url of urls) {
    if (!url.startsWith(`${origin}/`)) continue; // data: and blob: addresses
    const m = /^\/([^/]+)\/\d{14}[a-z]{0,2}_?\/(https?:\/\/.*)$/.exec(url.slice(origin.length));
    if (!m) continue; // pywb's own files
    const [, coll, original] = m;
    const key = `${coll} ${original}`;
    if (!exactly.has(key)) {
      const res = await fetch(`${origin}/${coll}/cdx?output=json&matchType=exact&url=${encodeURIComponent(original)}`);
      // The index answers with near addresses too: only the same address counts.
      const lines = res.ok ? (await res.text()).split('\n').filter((l) => l.trim()) : [];
      exactly.set(key, lines.some((l) => JSON.parse(l).url === original));
    }
    if (!exactly.get(key)) problems.push(`asked for ${original}, which the archive does not hold at that exact address`);
  }
  return problems;
}

// What a replayed page loaded: its stylesheets (applied, not just linked) and its images.
async function assets(page) {
  return page.evaluate(async () => {
    const sheets = [...document.querySelectorAll('link[rel=stylesheet]')].map((l) => ({
      href: l.href,
      loaded: !!l.sheet && (() => {
        try {
          return l.sheet.cssRules.length > 0;
        } catch {
          return true; // cross-origin rules are unreadable, but the sheet is there
        }
      })(),
    }));
    const images = [...document.images].map((i) => ({ src: i.currentSrc || i.src, ok: i.complete && i.naturalWidth > 0 }));
    return { sheets, images, h1: document.querySelector('h1')?.textContent.trim() ?? '' };
  });
}

async function replayChecks(browser, origin, { coll, base }) {
  const at = (p) => `${origin}/${coll}/${STAMP}mp_/${base}${p}`;
  const inArchive = (u) => u.startsWith(`${origin}/${coll}/`) && u.includes(base.replace(/^https?:\/\//, ''));

  for (const p of PAGES) {
    const name = `${coll}: ${p.kind} at its public address ${base}${p.path}`;
    const v = await tab(browser, origin);
    const problems = [];
    try {
      const res = await v.page.goto(at(p.path), { waitUntil: 'load' });
      if (!res || res.status() !== 200) problems.push(`the page answers ${res ? res.status() : 'nothing'}, expected 200`);
      else {
        await v.page.waitForLoadState('networkidle').catch(() => {});
        const a = await assets(v.page);
        if (!a.h1) problems.push('no <h1>: not the page');
        if (!a.sheets.length) problems.push('no stylesheet linked');
        for (const s of a.sheets) if (!s.loaded) problems.push(`stylesheet not loaded: ${s.href}`);
        if (p.images && !a.images.length) problems.push('no image on a page of photos');
        for (const i of a.images) if (!i.ok) problems.push(`image not loaded: ${i.src}`);
        // The icon as the replayed HTML links it (pywb's script shows the page the
        // original address instead), fetched through the replay.
        const icon = /<link rel="icon" href="([^"]+)"/.exec(await res.text());
        if (!icon) problems.push('no <link rel="icon">');
        else {
          const r = await v.page.request.get(new URL(icon[1], v.page.url()).href);
          const type = r.headers()['content-type'] ?? '';
          if (r.status() !== 200 || !type.startsWith('image/')) problems.push(`icon ${icon[1]}: HTTP ${r.status()}, ${type}`);
        }
      }
    } catch (e) {
      problems.push(String(e.message ?? e).split('\n')[0]);
    } finally {
      await v.close();
    }
    record(name, [...problems, ...v.trouble]);
  }

  // The same page by its file name: both addresses replay.
  {
    const v = await tab(browser, origin);
    const problems = [];
    try {
      const res = await v.page.goto(at('ke-hoach/2020-q4/index.html'));
      if (!res || res.status() !== 200) problems.push(`answers ${res ? res.status() : 'nothing'}, expected 200`);
    } finally {
      await v.close();
    }
    record(`${coll}: the plan also at …/index.html`, [...problems, ...v.trouble]);
  }

  // A static host answers a folder's address without its slash with a redirect.
  for (const p of ['ke-hoach/2020-q4', ...(base.endsWith('.example/') ? [] : [''])]) {
    const v = await tab(browser, origin);
    const problems = [];
    const from = p === '' ? base.slice(0, -1) : base + p;
    try {
      let redirect = null;
      v.page.on('response', (r) => {
        if (r.status() >= 300 && r.status() < 400 && !redirect) redirect = r.status();
      });
      const res = await v.page.goto(`${origin}/${coll}/${STAMP}mp_/${from}`);
      const final = v.page.url();
      if (!redirect) problems.push(`no redirect recorded for ${from}`);
      if (!res || res.status() !== 200) problems.push(`${from} ends at HTTP ${res ? res.status() : 'nothing'}`);
      if (!final.endsWith(`${from}/`)) problems.push(`${from} ends at ${final}, expected ${from}/`);
    } finally {
      await v.close();
    }
    record(`${coll}: ${from} redirects to ${from}/`, [...problems, ...v.trouble]);
  }

  // Three links followed, one after another, from the home page: each opens a page of
  // the same archive, by the address the site links to.
  {
    const v = await tab(browser, origin);
    const problems = [];
    try {
      await v.page.goto(at(''));
      const seen = [];
      for (let step = 0; step < 3; step++) {
        const links = v.page.locator('nav.site-nav a, main a').filter({ hasNotText: /^$/ });
        const hrefs = await links.evaluateAll((as) => as.map((a) => a.href));
        const here = v.page.url();
        const i = hrefs.findIndex((h) => !seen.includes(h) && !h.includes('#') && !/\.(xml|ics|csv|json)$/.test(h) && h !== here);
        if (i < 0) {
          problems.push(`step ${step + 1}: no link left to follow on ${v.page.url()}`);
          break;
        }
        seen.push(hrefs[i]);
        const [res] = await Promise.all([v.page.waitForNavigation(), links.nth(i).click()]);
        const now = v.page.url();
        if (!res || res.status() !== 200) problems.push(`link ${i} → ${now}: HTTP ${res ? res.status() : 'nothing'}`);
        if (!inArchive(now)) problems.push(`link → ${now}: left the archive`);
        const h1 = await v.page.locator('h1').first().textContent().catch(() => '');
        if (!h1?.trim()) problems.push(`link → ${now}: no <h1>`);
      }
    } catch (e) {
      problems.push(String(e.message ?? e).split('\n')[0]);
    } finally {
      await v.close();
    }
    record(`${coll}: three links followed inside the archive`, [...problems, ...v.trouble]);
  }

  // Search, with the index files fetched through the replay.
  {
    const v = await tab(browser, origin);
    const problems = [];
    try {
      await v.page.goto(at(SEARCH.path));
      await v.page.locator('#search-input').fill(SEARCH.query);
      await v.page
        .waitForFunction(() => document.querySelectorAll('#search-results > li > a').length > 0 || /tải được|could not be loaded|Không tìm thấy|No results/.test(document.getElementById('search-status')?.textContent ?? ''), null, { timeout: 15_000 })
        .catch(() => {});
      const hrefs = await v.page.locator('#search-results > li > a').evaluateAll((as) => as.map((a) => a.href));
      const status = await v.page.locator('#search-status').textContent().catch(() => '');
      if (!hrefs.length) problems.push(`no results for "trinh cong son"; the page says: ${status?.trim()}`);
      else if (!hrefs.slice(0, 3).some((h) => h.includes(SEARCH.expect))) problems.push(`${SEARCH.expect} not among the first results: ${hrefs.slice(0, 3).join(', ')}`);
      if (hrefs.length) {
        const [res] = await Promise.all([v.page.waitForNavigation(), v.page.locator('#search-results > li > a').first().click()]);
        if (!res || res.status() !== 200 || !inArchive(v.page.url())) problems.push(`the first result opens ${v.page.url()} (HTTP ${res?.status()})`);
      }
    } catch (e) {
      problems.push(String(e.message ?? e).split('\n')[0]);
    } finally {
      await v.close();
    }
    record(`${coll}: search returns results in the replay`, [...problems, ...v.trouble]);
  }
}

let browser = null;
try {
  const warcs = BASES.map((b) => ({ ...b, warc: snapshot(b) }));
  const origin = await startPywb(warcs);
  console.log(`pywb replays ${warcs.length} snapshots at ${origin}`);
  browser = await launch();
  for (const b of BASES) await replayChecks(browser, origin, b);
} catch (e) {
  record('replay set-up', [String(e.stack ?? e)]);
} finally {
  if (browser) await browser.close();
  await stopPywb();
}

const failed = results.filter((r) => r.problems.length);
console.log(`\n${results.length - failed.length} of ${results.length} replay checks passed`);
process.exit(failed.length ? 1 : 0);
