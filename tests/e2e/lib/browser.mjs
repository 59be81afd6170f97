// Debian's Chromium driven by playwright-core: never a browser download.
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

// Without the background-networking flags Chromium keeps trying to reach Google's
// services, which this machine's closed network refuses. Playwright's launch() gives the
// browser a fresh, temporary --user-data-dir of its own and deletes it on close.
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launch() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/**
 * A page that records what would make a check meaningless: script errors, console
 * errors, anything the Content-Security-Policy refused (a `securitypolicyviolation`
 * event), failed requests, and any request leaving the local server (the site must be
 * self-contained; such requests are blocked, not sent).
 */
export async function openPage(browser, origin, { width, height = 900 }) {
  const context = await browser.newContext({ viewport: { width, height }, reducedMotion: 'reduce' });
  // Runs before the page's own scripts, and is not itself subject to the page's policy.
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`securitypolicyviolation: ${e.effectiveDirective} refused ${e.blockedURI || 'an inline resource'} in ${e.sourceFile || e.documentURI}:${e.lineNumber}`);
    });
  });
  const page = await context.newPage();
  const trouble = [];
  page.on('console', (m) => {
    // HTTP statuses are checked where they are expected (a 404 page answers 404).
    if (m.type() !== 'error' || m.text().startsWith('Failed to load resource: the server responded with a status of')) return;
    trouble.push(`console error: ${m.text()}`);
  });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    trouble.push(`request outside the site blocked: ${url}`);
    return route.abort('blockedbyclient');
  });
  page.on('pageerror', (e) => trouble.push(`script error: ${e.message}`));
  page.on('requestfailed', (r) => {
    if (r.failure()?.errorText !== 'net::ERR_BLOCKED_BY_CLIENT') trouble.push(`request failed: ${r.url()} (${r.failure()?.errorText})`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && r.request().resourceType() !== 'document') trouble.push(`HTTP ${r.status()} for ${r.url()}`);
  });
  return { page, trouble, close: () => context.close() };
}
