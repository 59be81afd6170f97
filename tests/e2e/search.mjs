// Search in a real browser, on the bundled site: typing on the search page, `?q=` links,
// the header box of another page, the keyboard, a site under a sub-path, and the site
// opened from disk (file://). main.mjs runs these after the page checks; to run them
// alone on a built site:
//
//   node tests/e2e/search.mjs [SITE_DIR]      (default: output/)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { serve } from './lib/server.mjs';
import { launch, openPage } from './lib/browser.mjs';

// Pages named by the issue, as paths from the site root.
const OCOP_FAIR = 'su-kien/hoi-cho-ocop/';
const ROAD_A4 = 'ke-hoach/2020-q4/02-dau-tu-xay-dung/';
const LAW_DAY_EN = 'en/su-kien/ngay-phap-luat/';
// "Among the first results": the first screenful of a phone.
const FIRST = 3;

/** The results shown: each link's path from `root` (a URL ending in `/`). */
async function results(page, root) {
  const hrefs = await page.$$eval('#search-results > li > a', (as) => as.map((a) => a.href));
  return hrefs.map((h) => (h.startsWith(root) ? h.slice(root.length) : h));
}

/** Waits until the status line reports on `query` (or says nothing was found) and the
 *  list shows the first page of what it announces: the status is set first, the
 *  excerpts of the results load after. */
async function settled(page, query) {
  await page.waitForFunction(
    (q) => {
      const s = document.getElementById('search-status')?.textContent ?? '';
      const shown = document.querySelectorAll('#search-results > li').length;
      if (/Không tìm thấy|No results/.test(s)) return shown === 0;
      if (/không tải được|could not be loaded/i.test(s)) return true;
      const m = s.replace(/[.,\s](?=\d{3}\b)/g, '').match(/(\d+)/);
      return s.includes(q) && m && shown === Math.min(Number(m[1]), 10);
    },
    query,
    { timeout: 10_000 },
  );
  return page.$eval('#search-status', (s) => s.textContent);
}

/** Types `query` key by key into the search box, as a person would. */
async function typeQuery(page, query) {
  const box = page.locator('#search-input');
  await box.fill('');
  await box.pressSequentially(query, { delay: 20 });
  return settled(page, query);
}

const rank = (list, want) => {
  const i = list.indexOf(want);
  return i < 0 ? 'not found' : `#${i + 1}`;
};

function expectAmongFirst(problems, label, list, want, n = FIRST) {
  const i = list.indexOf(want);
  if (i < 0 || i >= n) problems.push(`${label}: ${want} should be among the first ${n} results, is ${rank(list, want)} (got ${list.slice(0, 5).join(', ') || 'nothing'})`);
}

/** The count the status line announces, and how it agrees with the list. */
async function announced(page, problems, label) {
  const { text, role, live, shown } = await page.evaluate(() => {
    const s = document.getElementById('search-status');
    return {
      text: s?.textContent ?? '',
      role: s?.getAttribute('role'),
      live: s?.getAttribute('aria-live'),
      shown: document.querySelectorAll('#search-results > li').length,
    };
  });
  if (role !== 'status' || live !== 'polite') problems.push(`${label}: the status line is not a polite live region (role=${role}, aria-live=${live})`);
  const m = text.replace(/[.,\s](?=\d{3}\b)/g, '').match(/(\d+)/);
  if (!m) {
    problems.push(`${label}: the status line announces no count: "${text}"`);
    return 0;
  }
  const n = Number(m[1]);
  if (shown !== Math.min(n, 10)) problems.push(`${label}: the status says ${n} results, the list shows ${shown}`);
  return n;
}

/**
 * Runs one check: `body(problems, trouble)` fills the lists and may return a better
 * name (with what it measured). A check that stops half-way (a timeout, a missing
 * element) is a failure with the reason, not a crash of the run.
 */
async function check(record, name, body) {
  const problems = [];
  const trouble = [];
  let label = name;
  try {
    const better = await body(problems, trouble);
    if (typeof better === 'string') label = better;
  } catch (e) {
    problems.push(`stopped: ${String(e.message ?? e).split('\n')[0]}`);
  }
  record(label, [...problems, ...trouble]);
}

/** A page from `openPage` whose recorded trouble goes to `trouble` when it closes. */
async function opened(browser, origin, width, trouble) {
  const v = await openPage(browser, origin, { width });
  return {
    page: v.page,
    close: async () => {
      trouble.push(...v.trouble);
      await v.close();
    },
  };
}

/** Every check of the search, in order; `site` is the built output folder. */
export async function searchChecks(browser, server, site, record) {
  const root = server.url;
  let ocopList = [];

  // 1. Typing on the Vietnamese search page, without diacritics, then with.
  await check(record, 'search (vi): typing', async (problems, trouble) => {
    const v = await opened(browser, root, 1280, trouble);
    try {
      const requests = [];
      v.page.on('request', (r) => requests.push(r.url()));
      await v.page.goto(root + 'search/index.html');
      await v.page.evaluate(() => {
        window.__sameDocument = true;
      });
      const status = await typeQuery(v.page, 'trinh cong son');
      ocopList = await results(v.page, root);
      expectAmongFirst(problems, '"trinh cong son"', ocopList, OCOP_FAIR);
      const n = await announced(v.page, problems, '"trinh cong son"');
      if (!status.includes(String(n))) problems.push(`status "${status}"`);
      const url = new URL(v.page.url());
      if (url.searchParams.get('q') !== 'trinh cong son') problems.push(`the address does not carry the query: ${v.page.url()}`);
      if (!(await v.page.evaluate(() => window.__sameDocument === true))) problems.push('the page reloaded while typing');
      // Only the files the query needs are loaded: a fraction of the index.
      const indexFiles = fs.readdirSync(path.join(site, 'search/vi'), { recursive: true }).filter((f) => f.endsWith('.js')).length;
      const loaded = new Set(requests.filter((u) => u.includes('/search/vi/')).map((u) => u.split('?')[0]));
      if (loaded.size === 0 || loaded.size >= indexFiles) problems.push(`loaded ${loaded.size} of the ${indexFiles} index files`);

      // Enter submits without leaving the page.
      await v.page.locator('#search-input').press('Enter');
      await v.page.waitForTimeout(300);
      if (!(await v.page.evaluate(() => window.__sameDocument === true))) problems.push('Enter in the search box reloaded the page');

      // The A4 road.
      await typeQuery(v.page, 'duong khung');
      const road = await results(v.page, root);
      if (road[0] !== ROAD_A4) problems.push(`"duong khung": first result should be ${ROAD_A4}, got ${road.slice(0, 3).join(', ') || 'nothing'}`);
      await announced(v.page, problems, '"duong khung"');

      // Diacritics typed: the same words, exact spellings first.
      await typeQuery(v.page, 'đầu tư công');
      const invest = await results(v.page, root);
      if (invest[0] !== ROAD_A4) problems.push(`"đầu tư công": first result should be ${ROAD_A4} (the task group on public investment), got ${invest.slice(0, 3).join(', ') || 'nothing'}`);
      await announced(v.page, problems, '"đầu tư công"');

      // Nothing found is said so, and the list is empty.
      const none = await typeQuery(v.page, 'zzqxv');
      if (!/Không tìm thấy/.test(none)) problems.push(`no-result query: status "${none}"`);

      // Emptying the box empties the list and the address.
      await v.page.locator('#search-input').fill('');
      await v.page.waitForTimeout(400);
      if ((await results(v.page, root)).length) problems.push('an empty box still shows results');
      if (new URL(v.page.url()).searchParams.has('q')) problems.push(`an empty box leaves ?q= in the address: ${v.page.url()}`);
    } finally {
      await v.close();
    }
    return `search (vi): "trinh cong son" finds the OCOP fair (${rank(ocopList, OCOP_FAIR)}), "duong khung" the A4 road, "đầu tư công" typed with diacritics; the count is announced; no-result and empty queries`;
  });

  // 2. A shared link: ?q= runs the query on load, with the same results.
  await check(record, 'search (vi): search/index.html?q=trinh%20cong%20son shows the same results as typing', async (problems, trouble) => {
    const v = await opened(browser, root, 375, trouble);
    try {
      await v.page.goto(root + 'search/index.html?q=trinh%20cong%20son');
      await settled(v.page, 'trinh cong son');
      const list = await results(v.page, root);
      if (JSON.stringify(list) !== JSON.stringify(ocopList)) problems.push(`?q= gives ${list.join(', ')}; typing gave ${ocopList.join(', ')}`);
      const value = await v.page.inputValue('#search-input');
      if (value !== 'trinh cong son') problems.push(`the box shows "${value}"`);
      await announced(v.page, problems, '?q=');
    } finally {
      await v.close();
    }
  });

  // 3. English.
  await check(record, 'search (en): "law day"', async (problems, trouble) => {
    const v = await opened(browser, root, 1280, trouble);
    let list = [];
    try {
      await v.page.goto(root + 'en/search/index.html');
      const status = await typeQuery(v.page, 'law day');
      list = await results(v.page, root);
      expectAmongFirst(problems, '"law day"', list, LAW_DAY_EN);
      if (!/results? for/.test(status)) problems.push(`status "${status}"`);
      await announced(v.page, problems, '"law day"');
      if (list.some((u) => !u.startsWith('en/'))) problems.push(`an English search lists pages in another language: ${list.join(', ')}`);
    } finally {
      await v.close();
    }
    return `search (en): "law day" finds the Law Day event (${rank(list, LAW_DAY_EN)})`;
  });

  // 4. The header box of another page: nothing loads before it is used, the first
  //    focus warms the index, and submitting opens the search page with the query.
  await check(record, 'search: the header box on a plan page leads to the search page with the query; the index loads only on first focus', async (problems, trouble) => {
    const v = await opened(browser, root, 1280, trouble);
    try {
      const requests = [];
      v.page.on('request', (r) => requests.push(r.url()));
      await v.page.goto(root + 'ke-hoach/2020-q4/index.html');
      await v.page.waitForLoadState('networkidle');
      if (requests.some((u) => u.includes('/search/vi/'))) problems.push('a page loads the index before its search box is used');
      const warmed = v.page.waitForRequest(/\/search\/vi\/manifest\.js/, { timeout: 5_000 }).then(
        () => true,
        () => false,
      );
      await v.page.locator('#site-search-q').focus();
      if (!(await warmed)) problems.push('focusing the header box does not warm the index (no manifest.js request)');
      await v.page.locator('#site-search-q').fill('hoi cho ocop');
      await Promise.all([v.page.waitForURL(/search\/index\.html\?q=/), v.page.locator('#site-search-q').press('Enter')]);
      const url = new URL(v.page.url());
      if (url.pathname !== '/search/index.html' || url.searchParams.get('q') !== 'hoi cho ocop') problems.push(`the header box leads to ${v.page.url()}`);
      await settled(v.page, 'hoi cho ocop');
      expectAmongFirst(problems, 'header box "hoi cho ocop"', await results(v.page, root), OCOP_FAIR);
    } finally {
      await v.close();
    }
  });

  // 5. The keyboard: the box is reachable by Tab, arrows walk the results, Escape and
  //    ArrowUp from the first result come back, Enter follows a result.
  await check(record, 'search: keyboard (Tab to the box, arrows through the results, Escape back, Enter opens one)', async (problems, trouble) => {
    const v = await opened(browser, root, 1280, trouble);
    try {
      await v.page.goto(root + 'search/index.html');
      let reached = false;
      for (let i = 0; i < 40 && !reached; i++) {
        await v.page.keyboard.press('Tab');
        reached = await v.page.evaluate(() => document.activeElement?.id === 'search-input');
      }
      if (!reached) problems.push('Tab never reaches the search box');
      await v.page.keyboard.type('ocop', { delay: 20 });
      await settled(v.page, 'ocop');
      const focused = () => v.page.evaluate(() => document.activeElement?.getAttribute('href') ?? document.activeElement?.id);
      const links = await v.page.$$eval('#search-results > li > a', (as) => as.map((a) => a.getAttribute('href')));
      await v.page.keyboard.press('ArrowDown');
      const first = await focused();
      await v.page.keyboard.press('ArrowDown');
      const second = await focused();
      if (first !== links[0] || second !== links[1]) problems.push(`ArrowDown from the box goes to ${first}, then ${second}; expected ${links[0]}, then ${links[1]}`);
      await v.page.keyboard.press('Escape');
      if ((await focused()) !== 'search-input') problems.push('Escape in the results does not return to the box');
      await v.page.keyboard.press('ArrowDown');
      await v.page.keyboard.press('ArrowUp');
      if ((await focused()) !== 'search-input') problems.push('ArrowUp from the first result does not return to the box');
      await v.page.keyboard.press('ArrowDown');
      const target = new URL(links[0], root + 'search/index.html').href;
      await Promise.all([v.page.waitForURL((u) => u.href.startsWith(target), { timeout: 10_000 }), v.page.keyboard.press('Enter')]);
    } finally {
      await v.close();
    }
  });

  // 6. Under a sub-path: the same folder served at /<name>/ (as on GitHub Pages, or as
  //    a snapshot inside archive/<name>/).
  const sub = `${path.basename(site)}/`;
  await check(record, `search: works with the site under a sub-path (/${sub})`, async (problems, trouble) => {
    const outer = await serve(path.dirname(site));
    const v = await opened(browser, outer.url, 1280, trouble);
    try {
      await v.page.goto(outer.url + sub + 'en/search/index.html?q=law%20day');
      await settled(v.page, 'law day');
      const list = await results(v.page, outer.url + sub);
      expectAmongFirst(problems, 'sub-path "law day"', list, LAW_DAY_EN);
      const res = await v.page.request.get(outer.url + sub + list[0]);
      if (res.status() !== 200) problems.push(`the first result ${list[0]} answers ${res.status()} under the sub-path`);
    } finally {
      await v.close();
      await outer.close();
    }
  });

  // 7. Opened from disk. Chromium runs classic <script src> from file:// (what
  //    search.js loads the index with), though not fetch(); results link to index.html
  //    files because no server adds it.
  await check(record, 'search: works from file:// (?q=, results, links to index.html files)', async (problems, trouble) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      page.on('pageerror', (e) => trouble.push(`script error: ${e.message}`));
      page.on('requestfailed', (r) => trouble.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
      page.on('request', (r) => {
        if (!r.url().startsWith('file:')) trouble.push(`request outside the folder: ${r.url()}`);
      });
      const fileRoot = pathToFileURL(site).href + '/';
      await page.goto(fileRoot + 'search/index.html?q=trinh%20cong%20son');
      await settled(page, 'trinh cong son');
      const list = await results(page, fileRoot);
      expectAmongFirst(problems, 'file:// "trinh cong son"', list, OCOP_FAIR + 'index.html');
      if (!list.length) return;
      if (list[0] && !fs.existsSync(path.join(site, decodeURIComponent(list[0])))) problems.push(`the first result ${list[0]} is no file`);
      await Promise.all([page.waitForURL((u) => u.href === fileRoot + list[0]), page.locator('#search-results > li > a').first().click()]);
    } finally {
      await context.close();
    }
  });
}

// Run alone: `node tests/e2e/search.mjs [SITE_DIR]`.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const site = path.resolve(process.argv[2] ?? path.join(here, '../../output'));
  const server = await serve(site);
  const browser = await launch();
  let failed = 0;
  try {
    await searchChecks(browser, server, site, (name, problems) => {
      console.log(`${problems.length ? 'FAIL' : 'ok  '} ${name}`);
      for (const p of problems) console.log(`       - ${p}`);
      failed += problems.length ? 1 : 0;
    });
  } finally {
    await browser.close();
    await server.close();
  }
  process.exit(failed ? 1 : 0);
}
