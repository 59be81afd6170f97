// `congkhai serve` in a real browser: the page reloads itself after an edit, shows the
// error overlay while a save is broken (keeping the last good content), and reloads
// again once it is fixed. Debian's Chromium driven by playwright-core.
//
//   node tests/e2e/live_reload.mjs [--bin PATH]
//
// --bin is the congkhai binary (default: target/debug/congkhai; built with cargo if
// missing). The site is a temporary copy of tests/fixtures/watch-site with themes/.
// Every wait is bounded; the server is always stopped.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { axeScan } from './lib/checks.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '../..');
const PATIENCE = 20_000;
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
// Without the background-networking flags Chromium keeps trying to reach Google's
// services, which a closed network refuses.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const { values: opts } = parseArgs({
  options: { bin: { type: 'string', default: path.join(REPO, 'target/debug/congkhai') } },
});
if (!fs.existsSync(opts.bin)) {
  execFileSync('cargo', ['build', '--quiet'], { cwd: REPO, stdio: 'inherit' });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function within(ms, promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// The fixture site, copied so that the test can edit it.
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'congkhai-live-reload-'));
const site = path.join(work, 'site');
const tmp = path.join(work, 'tmp');
fs.cpSync(path.join(REPO, 'tests/fixtures/watch-site'), site, { recursive: true });
fs.cpSync(path.join(REPO, 'themes'), path.join(site, 'themes'), { recursive: true });
fs.mkdirSync(tmp);
const page1 = path.join(site, 'content/tin/mot.md');
// The fixture translates a news item but not its section (warning W0105, on purpose for
// tests/watch.rs); here the page must start with no panel, so that code is silenced.
fs.appendFileSync(path.join(site, 'config.yaml'), 'silence_warnings: [W0105]\n');

const port = await freePort();
const server = spawn(opts.bin, ['serve', '--root', site, '--port', String(port)], {
  env: { ...process.env, NO_COLOR: '1', TMPDIR: tmp },
  stdio: ['ignore', 'ignore', 'pipe'],
});
let log = '';
const lineWaiters = [];
server.stderr.setEncoding('utf8');
server.stderr.on('data', (chunk) => {
  log += chunk;
  for (const w of lineWaiters) w();
});
const exited = new Promise((resolve) => server.once('exit', (code, signal) => resolve({ code, signal })));
function waitLog(pattern, what) {
  return within(
    PATIENCE,
    new Promise((resolve) => {
      const check = () => pattern.test(log) && resolve();
      lineWaiters.push(check);
      check();
    }),
    what,
  );
}

process.on('unhandledRejection', (e) => {
  console.log(`FAIL unexpected: ${e?.message ?? e}`);
  server.kill('SIGKILL');
  process.exit(1);
});

const results = [];

// axe-core over the page with the overlay shown: no violation inside the overlay (its
// contrast above all, whatever the theme's own colours), and its text large enough.
async function overlayReadable(page, label) {
  await page.waitForFunction(
    () => getComputedStyle(document.getElementById('congkhai-error')).position === 'fixed',
    null,
    { timeout: PATIENCE },
  );
  const axe = await axeScan(page, ['wcag2a', 'wcag2aa', 'wcag21aa']);
  const inside = axe.violations.flatMap((v) =>
    v.nodes.filter((n) => n.target.includes('#congkhai-error')).map((n) => `${v.id}: ${n.target}`),
  );
  if (inside.length) throw new Error(`axe in the overlay (${label}): ${inside.join('; ')}`);
  const colours = await page.evaluate(() =>
    [...document.querySelectorAll('#congkhai-error, #congkhai-error *')].map((e) => {
      const s = getComputedStyle(e);
      return `${e.tagName} ${s.color} on ${s.backgroundColor}`;
    }),
  );
  if (colours.some((c) => /^PRE rgb\(255, 255, 255\) on rgb\((2[0-9][0-9]), (2[0-9][0-9])/.test(c))) {
    throw new Error(`white text on a light background in the overlay (${label}): ${colours.join('; ')}`);
  }
}
async function check(name, fn) {
  try {
    await fn();
    results.push([name, null]);
    console.log(`ok   ${name}`);
  } catch (e) {
    results.push([name, e]);
    console.log(`FAIL ${name}\n       - ${e.message}`);
  }
}

let browser;
try {
  // Messages follow the site's first language (Vietnamese here, as the overlay checks
  // below expect) unless CONGKHAI_LANG says otherwise: the first build's line in either.
  await waitLog(/^(built|đã dựng) /m, 'the first build');
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  const page = await browser.newPage();
  const scriptErrors = [];
  page.on('pageerror', (e) => scriptErrors.push(e.message));
  // The preview's Content-Security-Policy (no inline script or style) must not block
  // anything the page or what serve injects needs: Chromium reports each refusal.
  const cspViolations = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  // The live-reload stream is open once its response headers arrive: from then on the
  // server has this page on its list.
  const listening = () => {
    const p = page.waitForResponse((r) => r.url().endsWith('/__congkhai/events') && r.status() === 200, {
      timeout: PATIENCE,
    });
    // Awaited later, or never when an earlier step failed: that must not crash the run
    // before the server is stopped.
    p.catch(() => {});
    return p;
  };
  const url = `http://127.0.0.1:${port}/tin/mot/index.html`;

  await check('the page reloads itself after an edit', async () => {
    const open = listening();
    const response = await page.goto(url);
    await open;
    const csp = response.headers()['content-security-policy'] ?? '';
    if (!csp.includes("script-src 'self'") || !csp.includes("style-src 'self'")) {
      throw new Error(`the page came without the preview's CSP: ${csp}`);
    }
    await page.evaluate(() => {
      window.__beforeReload = true;
    });
    const reopened = listening();
    const original = fs.readFileSync(page1, 'utf8');
    fs.writeFileSync(page1, original.replace('Nội dung gốc', 'Nội dung sửa trong trình duyệt'));
    await page.waitForFunction(
      () => !window.__beforeReload && document.body.textContent.includes('Nội dung sửa trong trình duyệt'),
      null,
      { timeout: PATIENCE },
    );
    await reopened;
  });

  await check('a broken save shows the error over the last good page', async () => {
    await page.evaluate(() => {
      window.__beforeBreak = true;
    });
    const good = fs.readFileSync(page1, 'utf8');
    fs.writeFileSync(page1, good.replace('title:', 'titel:'));
    const overlay = page.locator('#congkhai-error');
    await overlay.waitFor({ state: 'visible', timeout: PATIENCE });
    const text = await overlay.textContent();
    // The site's first language is Vietnamese: so is the overlay, whole.
    if (!text.includes('lỗi[E0111]') || !text.includes('`titel`') || !text.includes('content/tin/mot.md:2:1')) {
      throw new Error(`the overlay does not show the error in Vietnamese with its place: ${text}`);
    }
    if ((await overlay.getAttribute('lang')) !== 'vi') throw new Error('the overlay does not say its language');
    if (/unknown key|The last save/.test(text)) throw new Error(`the overlay speaks English on a Vietnamese site: ${text}`);
    if ((await overlay.getAttribute('role')) !== 'alert') throw new Error('the overlay is not announced (role=alert)');
    // Styled from /__congkhai/live.css under the CSP: it covers the page.
    await page.waitForFunction(
      () => getComputedStyle(document.getElementById('congkhai-error')).position === 'fixed',
      null,
      { timeout: PATIENCE },
    );
    const still = await page.evaluate(() => window.__beforeBreak === true && document.querySelector('main').textContent);
    if (!still || !still.includes('Nội dung sửa trong trình duyệt')) {
      throw new Error('the page did not keep its last good content');
    }
    await overlayReadable(page, 'default');
    const served = await (await fetch(url)).text();
    if (!served.includes('Nội dung sửa trong trình duyệt')) throw new Error('the server no longer serves the last good page');

    await check('the fix reloads the page without the overlay', async () => {
      const reopened = listening();
      fs.writeFileSync(page1, good.replace('Nội dung sửa trong trình duyệt', 'Đã sửa xong'));
      await page.waitForFunction(
        () => !window.__beforeBreak && document.body.textContent.includes('Đã sửa xong'),
        null,
        { timeout: PATIENCE },
      );
      await reopened;
      if (await page.locator('#congkhai-error').count()) throw new Error('the overlay is still there');
    });
  });

  await check('the overlay is readable over the congthongtin theme too', async () => {
    const config = path.join(site, 'config.yaml');
    const reopened = listening();
    fs.writeFileSync(config, fs.readFileSync(config, 'utf8').replace('theme: default', 'theme: congthongtin'));
    await page.waitForFunction(() => document.querySelector('link[href$="theme.css"]'), null, { timeout: PATIENCE });
    await reopened;
    const good = fs.readFileSync(page1, 'utf8');
    fs.writeFileSync(page1, good.replace('title:', 'titel:'));
    await page.locator('#congkhai-error').waitFor({ state: 'visible', timeout: PATIENCE });
    await overlayReadable(page, 'congthongtin');
    const again = listening();
    fs.writeFileSync(page1, good);
    await page.locator('#congkhai-error').waitFor({ state: 'detached', timeout: PATIENCE });
    await again;
  });

  await check('a good save with a warning shows it in a panel that leaves the page usable', async () => {
    const good = fs.readFileSync(page1, 'utf8');
    const reopened = listening();
    fs.writeFileSync(page1, good.replace('tags:', 'date: 2099-01-01\ntags:'));
    const panel = page.locator('#congkhai-error');
    await panel.waitFor({ state: 'visible', timeout: PATIENCE });
    await reopened;
    const text = await panel.textContent();
    if (!text.includes('cảnh báo[W0107]') || !text.includes('content/tin/mot.md:')) {
      throw new Error(`the panel does not show the warning with its place: ${text}`);
    }
    if ((await panel.getAttribute('role')) !== 'status') throw new Error('the warnings panel is not role=status');
    await overlayReadable(page, 'congthongtin, warnings panel');
    const again = listening();
    fs.writeFileSync(page1, good);
    await page.waitForFunction(() => !document.getElementById('congkhai-error'), null, { timeout: PATIENCE });
    await again;
  });

  await check('the page ran without script errors', async () => {
    if (scriptErrors.length) throw new Error(scriptErrors.join('; '));
  });

  await check('the Content-Security-Policy blocked nothing', async () => {
    if (cspViolations.length) throw new Error(cspViolations.join('; '));
  });
} catch (e) {
  results.push(['setup', e]);
  console.log(`FAIL setup\n       - ${e.message}`);
} finally {
  if (browser) await browser.close();
  server.kill('SIGINT');
  const stop = await within(PATIENCE, exited, 'the server to stop').catch((e) => {
    server.kill('SIGKILL');
    return { code: null, signal: String(e.message) };
  });
  const left = fs.readdirSync(tmp);
  if (stop.code !== 0) results.push(['clean stop', new Error(`exit ${JSON.stringify(stop)}`)]);
  if (left.length) results.push(['clean stop', new Error(`left behind: ${left.join(', ')}`)]);
  fs.rmSync(work, { recursive: true, force: true });
}

const failed = results.filter(([, e]) => e);
if (failed.length) console.log(`\nserver log:\n${log}`);
console.log(`${results.length - failed.length} passed, ${failed.length} failed`);
process.exit(failed.length ? 1 : 0);
