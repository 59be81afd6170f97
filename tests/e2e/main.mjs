// The full checks of a built site, in a real browser: HTML validity (Nu checker) on every
// HTML file; axe-core, keyboard use, reflow and print on one page of each kind (listed in
// pages.json) in every language, served with the strict Content-Security-Policy of
// `congkhai host-config` (any `securitypolicyviolation` or console error fails the page);
// screenshots for a person to look at. Before trusting a
// clean result, the same checks must find what is wrong with fixtures/broken.html.
//
//   node main.mjs [--site DIR] [--screenshots DIR] [--pages FILE] [--all]
//
// --all scans every HTML page of the site in the browser, not one page per kind (slow).
// --pages names the list of pages to scan (default pages.json; pages-notices.json for
// the notices test site).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { serve } from './lib/server.mjs';
import { launch, openPage } from './lib/browser.mjs';
import { validate } from './lib/vnu.mjs';
import { axeScan, keyboardProblems, overflowProblems, printProblems } from './lib/checks.mjs';
import { searchChecks } from './search.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '../..');

const { values: opts } = parseArgs({
  options: {
    site: { type: 'string', default: path.join(REPO, 'output') },
    screenshots: { type: 'string', default: path.join(REPO, 'target/e2e/screenshots') },
    pages: { type: 'string', default: path.join(HERE, 'pages.json') },
    all: { type: 'boolean', default: false },
    // The search checks look for the bundled site's own events (the OCOP fair, Law Day):
    // a site without them (tests/e2e/years.sh) skips them.
    'skip-search': { type: 'boolean', default: false },
  },
});
const CONFIG = JSON.parse(fs.readFileSync(path.resolve(opts.pages), 'utf8'));
const FIXTURES = path.join(HERE, 'fixtures');
const BROKEN = path.join(FIXTURES, 'broken.html');
// The policy `congkhai host-config` sends, read from its one definition, sent by the
// server with every response as a real host would.
const CSP = fs
  .readFileSync(path.join(REPO, 'src/cmd/host_config.rs'), 'utf8')
  .match(/pub const CONTENT_SECURITY_POLICY: &str = "([^"]+)";/)[1];
const CSP_FIXTURES = path.join(FIXTURES, 'csp');

// What each check must report on fixtures/broken.html; a check that misses one of these
// would also miss it on the site, so the run fails.
const SELF_TEST = {
  vnu: [/“alt” attribute/, /not allowed as child of element “span”/],
  axe: ['image-alt', 'color-contrast'],
  keyboard: [/not a skip link/, /no visible focus indicator/, /no language switcher/, /focus is trapped/],
  overflow: [/scrolls horizontally/],
  print: [/navigation .* is printed/],
  csp: [/securitypolicyviolation: style-src-elem refused inline/, /securitypolicyviolation: style-src-attr refused inline/, /securitypolicyviolation: script-src-elem refused inline/],
};

const results = [];
function record(name, problems) {
  results.push({ name, problems });
  const mark = problems.length ? 'FAIL' : 'ok  ';
  console.log(`${mark} ${name}`);
  for (const p of problems) console.log(`       - ${p}`);
}

function htmlFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.html')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

// The pages to scan: `{ label, url, lang, status, screenshot }`, one per kind and language.
function targets(site) {
  const list = [];
  if (opts.all) {
    for (const f of htmlFiles(site)) {
      const rel = path.relative(site, f).split(path.sep).join('/');
      if (path.basename(rel) === '404.html') continue;
      const lang = [...CONFIG.languages].sort((a, b) => b.prefix.length - a.prefix.length).find((l) => rel.startsWith(l.prefix));
      list.push({ label: rel, url: rel, lang: lang.code, status: 200, screenshot: false, kind: rel });
    }
  }
  for (const p of CONFIG.pages) {
    for (const l of CONFIG.languages) {
      const rel = typeof p.path === 'string' ? p.path : p.path[l.code];
      if (!rel) continue;
      if (opts.all && (p.status ?? 200) === 200) continue;
      list.push({
        label: `${p.kind} (${l.code}) ${l.prefix}${rel}`,
        url: `${l.prefix}${rel}`,
        lang: l.code,
        status: p.status ?? 200,
        screenshot: !!p.screenshot,
        kind: p.kind,
      });
    }
  }
  return list;
}

const slug = (s) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

async function load(browser, server, t, width) {
  const view = await openPage(browser, server.url, { width });
  const res = await view.page.goto(server.url + t.url, { waitUntil: 'load' });
  const problems = [];
  if (!res) problems.push('no response');
  else if (res.status() !== t.status) problems.push(`HTTP status ${res.status()}, expected ${t.status}`);
  const lang = await view.page.evaluate(() => document.documentElement.lang);
  if (t.lang && lang !== t.lang) problems.push(`<html lang="${lang}">, expected "${t.lang}"`);
  return { ...view, problems };
}

// The server must behave like a real host, or the browser checks see a different site.
async function serverProblems(server, site) {
  const problems = [];
  const expect = async (urlPath, status, type, { location, bodyOf } = {}) => {
    const res = await fetch(server.url + urlPath, { redirect: 'manual' });
    const body = Buffer.from(await res.arrayBuffer());
    if (res.status !== status) problems.push(`${urlPath}: status ${res.status}, expected ${status}`);
    if (type && !(res.headers.get('content-type') ?? '').startsWith(type)) {
      problems.push(`${urlPath}: content type ${res.headers.get('content-type')}, expected ${type}`);
    }
    if (location && res.headers.get('location') !== location) problems.push(`${urlPath}: redirects to ${res.headers.get('location')}, expected ${location}`);
    if (bodyOf && !body.equals(fs.readFileSync(path.join(site, bodyOf)))) problems.push(`${urlPath}: body is not ${bodyOf}`);
  };
  await expect('', 200, 'text/html', { bodyOf: 'index.html' });
  await expect('css/style.css', 200, 'text/css', { bodyOf: 'css/style.css' });
  await expect('en', 301, null, { location: '/en/' });
  await expect('en/', 200, 'text/html', { bodyOf: 'en/index.html' });
  await expect('no-such-page/', 404, 'text/html', { bodyOf: '404.html' });
  await expect('en/no-such-page', 404, 'text/html', { bodyOf: 'en/404.html' });
  // An encoded slash survives URL normalisation and decodes to `../`: refused.
  await expect('..%2f..%2f..%2fetc%2fpasswd', 400, null);
  return problems;
}

async function main() {
  const site = path.resolve(opts.site);
  if (!fs.existsSync(path.join(site, 'index.html'))) {
    throw new Error(`${site}/index.html not found: build the site first (tests/e2e/run.sh does)`);
  }
  const t0 = Date.now();

  // 1. The Nu checker: every HTML file of the site and the broken fixture, in one run.
  const files = htmlFiles(site);
  const vnu = await validate([...files, BROKEN]);
  let vnuErrors = 0;
  let vnuWarnings = 0;
  const vnuProblems = [];
  // A theme fault repeats on every page: one line per message, with where it is.
  const errorsByMessage = new Map();
  const warningsByMessage = new Map();
  const add = (map, m, where) => map.set(m.message, [...(map.get(m.message) ?? []), where]);
  for (const f of files) {
    const r = vnu.get(f);
    const rel = path.relative(REPO, f);
    vnuErrors += r.errors.length;
    vnuWarnings += r.warnings.length;
    for (const e of r.errors) add(errorsByMessage, e, `${rel}:${e.line}:${e.column}`);
    for (const w of r.warnings) add(warningsByMessage, w, `${rel}:${w.line}:${w.column}`);
  }
  const located = (message, places) =>
    `${message} at ${places.slice(0, 3).join(', ')}${places.length > 3 ? ` and ${places.length - 3} more` : ''}`;
  // The checker reads files with no origin, so to it `'self'` in the policy matches
  // nothing and every stylesheet, script (JSON-LD data blocks included) and image is
  // "blocked". The browser checks below load the pages under the policy for real.
  let policyWarnings = 0;
  for (const [m, places] of warningsByMessage) {
    if (/violates Content Security Policy \(meta tag\)/.test(m)) policyWarnings += places.length;
    else console.log(`warn ${located(m, places)}`);
  }
  if (policyWarnings) console.log(`note ${policyWarnings} Nu checker warnings about the meta Content-Security-Policy left out (no origin there; the browser checks it)`);
  for (const [m, places] of errorsByMessage) vnuProblems.push(located(m, places));
  for (const e of vnu.get('').errors) vnuProblems.push(`checker: ${e.message}`);
  record(`Nu HTML checker: ${files.length} files, ${vnuErrors} errors, ${vnuWarnings} warnings`, vnuProblems);
  const brokenMessages = vnu.get(BROKEN).errors.map((e) => e.message);
  record(
    'self-test: the Nu checker reports fixtures/broken.html',
    SELF_TEST.vnu.filter((re) => !brokenMessages.some((m) => re.test(m))).map((re) => `no error matching ${re} (got: ${brokenMessages.join(' | ') || 'none'})`),
  );

  const server = await serve(site, { headers: { 'Content-Security-Policy': CSP } });
  const fixtureServer = await serve(FIXTURES);
  const cspFixtureServer = await serve(CSP_FIXTURES, { headers: { 'Content-Security-Policy': CSP } });
  record('static server: content types, directory index, redirects, 404s, no escape', await serverProblems(server, site));
  const browser = await launch();
  const counts = { pages: 0, scans: 0, violations: 0, keyboard: 0, reflow: 0, print: 0, screenshots: [] };
  const review = new Map();
  try {
    // 2. The self-test in the browser first: if a check cannot see a broken page, a clean
    //    site proves nothing.
    {
      const t = { url: 'broken.html', status: 200, lang: 'en' };
      const v = await load(browser, fixtureServer, t, CONFIG.widths[0]);
      const axe = await axeScan(v.page, CONFIG.axe_tags);
      const kb = await keyboardProblems(v.page);
      const pr = await printProblems(v.page);
      await v.close();
      const narrow = await load(browser, fixtureServer, t, CONFIG.reflow_width);
      const ov = await overflowProblems(narrow.page);
      await narrow.close();
      const ids = axe.violations.map((x) => x.id);
      const missing = (name, res, found) =>
        res.filter((r) => !found.some((f) => (typeof r === 'string' ? f === r : r.test(f)))).map((r) => `${name} did not report ${r} (it reported: ${found.join(' | ') || 'nothing'})`);
      record('self-test: axe-core reports fixtures/broken.html', missing('axe', SELF_TEST.axe, ids));
      record('self-test: the keyboard check reports fixtures/broken.html', missing('keyboard', SELF_TEST.keyboard, kb));
      record('self-test: the reflow check reports fixtures/broken.html', missing('reflow', SELF_TEST.overflow, ov));
      record('self-test: the print check reports fixtures/broken.html', missing('print', SELF_TEST.print, pr));
      const csp = await load(browser, cspFixtureServer, { url: 'inline.html', status: 200, lang: 'en' }, CONFIG.widths[0]);
      await csp.page.waitForTimeout(100);
      await csp.close();
      record('self-test: the policy check reports fixtures/csp/inline.html', missing('the policy check', SELF_TEST.csp, csp.trouble));
    }

    // 3. The site: every kind of page, every language.
    fs.mkdirSync(opts.screenshots, { recursive: true });
    for (const t of targets(site)) {
      counts.pages++;
      for (const width of CONFIG.widths) {
        const v = await load(browser, server, t, width);
        // The picture first, before any check leaves focus or scrolling behind.
        if (t.screenshot) {
          const file = path.join(opts.screenshots, `${slug(t.lang)}-${slug(t.kind)}-${width}.png`);
          await v.page.screenshot({ path: file, fullPage: true });
          counts.screenshots.push(path.relative(REPO, file));
        }
        const axe = await axeScan(v.page, CONFIG.axe_tags);
        counts.scans++;
        counts.violations += axe.violations.reduce((n, x) => n + x.nodes.length, 0);
        for (const id of axe.incomplete) review.set(id, (review.get(id) ?? 0) + 1);
        const axeProblems = axe.violations.flatMap((x) => x.nodes.map((n) => `${x.id} (${x.impact}): ${x.help} at ${n.target}`));
        // The tab order is the same at every width; walking it backwards once is enough.
        const kb = await keyboardProblems(v.page, { backward: width === CONFIG.widths[0] });
        let pr = [];
        if (width === CONFIG.widths[0]) {
          pr = await printProblems(v.page);
          counts.print++;
        }
        await v.close();
        counts.keyboard++;
        record(`${t.label} @${width}px: loads, axe, keyboard${width === CONFIG.widths[0] ? ', print' : ''}`, [
          ...v.problems,
          ...v.trouble,
          ...axeProblems,
          ...kb.map((p) => `keyboard: ${p}`),
          ...pr.map((p) => `print: ${p}`),
        ]);
      }
      const narrow = await load(browser, server, t, CONFIG.reflow_width);
      const ov = await overflowProblems(narrow.page);
      counts.reflow++;
      await narrow.close();
      record(`${t.label} @${CONFIG.reflow_width}px: no horizontal scrolling`, [...narrow.problems, ...narrow.trouble, ...ov]);
    }
    // 4. Search: typing, shared links, the header box, the keyboard, sub-paths, file://.
    if (!opts['skip-search']) await searchChecks(browser, server, site, record);
  } finally {
    await browser.close();
    await server.close();
    await fixtureServer.close();
    await cspFixtureServer.close();
  }

  const failed = results.filter((r) => r.problems.length).length;
  const passed = results.length - failed;
  console.log('');
  console.log(`pages validated (Nu checker): ${files.length}, errors ${vnuErrors}, warnings ${vnuWarnings}`);
  console.log(`pages × widths scanned (axe ${CONFIG.axe_tags.join(', ')}): ${counts.pages} × ${CONFIG.widths.length} = ${counts.scans}, violations ${counts.violations}`);
  console.log(`keyboard walks: ${counts.keyboard}; reflow at ${CONFIG.reflow_width}px: ${counts.reflow}; print: ${counts.print}`);
  if (review.size) {
    console.log(`axe "needs review" (not failures): ${[...review].map(([id, n]) => `${id} ×${n}`).join(', ')}`);
  }
  console.log(`screenshots: ${counts.screenshots.length} in ${path.relative(REPO, opts.screenshots)}/`);
  console.log(`time: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  return failed === 0;
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (e) => {
    console.error(`e2e: ${e.stack || e}`);
    process.exit(2);
  },
);
