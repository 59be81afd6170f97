// The checks run in the browser on one loaded page. Each returns what it found as plain
// data (a list of problems, or axe's results) and never throws for a finding, so the same
// functions gate the site and, in the self-test, prove they report a broken page.
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's violations (and "needs review" rule ids) for the page as it is shown. */
export async function axeScan(page, tags) {
  // Evaluated by the DevTools protocol, not added as a <script>: the page's
  // Content-Security-Policy (rightly) refuses inline scripts, and must stay on.
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (values) => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, {
      runOnly: { type: 'tag', values },
      resultTypes: ['violations', 'incomplete'],
    });
    return {
      violations: r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
      })),
      incomplete: r.incomplete.map((v) => v.id),
    };
  }, tags);
}

// What the page says about the element that has focus now. Elements get a stable number
// (kept in a WeakMap, not in the DOM) so a walk can tell when it comes back to one.
async function focused(page) {
  return page.evaluate(() => {
    const ids = (window.__e2eFocusIds ??= { map: new WeakMap(), next: 1 });
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return null;
    if (!ids.map.has(el)) ids.map.set(el, ids.next++);
    const style = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 1;
    const shadow = style.boxShadow !== 'none' && style.boxShadow !== '';
    const visibleW = Math.min(r.right, innerWidth) - Math.max(r.left, 0);
    const visibleH = Math.min(r.bottom, innerHeight) - Math.max(r.top, 0);
    return {
      id: ids.map.get(el),
      tag: el.tagName.toLowerCase(),
      href: el.getAttribute('href'),
      text: (el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 60),
      inNav: !!el.closest('nav'),
      hreflang: el.getAttribute('hreflang'),
      indicator: outline || shadow,
      onScreen: visibleW > 0 && visibleH > 0,
      // A "visually hidden" element (1 px, clipped) can hold focus and show nothing.
      legible: r.width >= 8 && r.height >= 8 && style.clipPath === 'none' && style.clip === 'auto',
    };
  });
}

// Every element the Tab key should stop at, in document order, numbered like `focused`.
async function tabbables(page) {
  return page.evaluate(() => {
    const ids = (window.__e2eFocusIds ??= { map: new WeakMap(), next: 1 });
    const sel = 'a[href], area[href], button, input, select, textarea, summary, iframe, [tabindex], [contenteditable="true"]';
    return [...document.querySelectorAll(sel)]
      .filter((el) => el.tabIndex >= 0 && !el.disabled && el.checkVisibility({ visibilityProperty: true }))
      .map((el) => {
        if (!ids.map.has(el)) ids.map.set(el, ids.next++);
        return {
          id: ids.map.get(el),
          text: (el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 60),
          inNav: !!el.closest('nav'),
          navLabel: el.closest('nav')?.getAttribute('aria-label') ?? null,
          hreflang: el.getAttribute('hreflang'),
        };
      });
  });
}

const describe = (f) => `<${f.tag}${f.href != null ? ` href="${f.href}"` : ''}> "${f.text}"`;

/**
 * Keyboard use on a freshly loaded page: the first Tab reaches a visible skip link that
 * moves focus to the main content; every stop shows a focus indicator; Tab reaches every
 * tabbable element (the language switcher and the navigation among them) and then leaves
 * the page; Shift+Tab walks back to the start (unless `backward` is false). Returns a
 * list of problems.
 */
export async function keyboardProblems(page, { backward = true } = {}) {
  const problems = [];
  const expected = await tabbables(page);
  if (!expected.some((t) => t.hreflang)) problems.push('no language switcher link (a[hreflang]) on the page');
  if (expected.filter((t) => t.inNav && !t.hreflang).length < 2) problems.push('no navigation with links on the page');

  // Forward: from the top of the page until focus leaves it, at most twice the stops.
  const seen = [];
  const limit = expected.length * 2 + 5;
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (!f) break;
    if (seen.some((s) => s.id === f.id)) {
      // Coming back to the start after every stop is a wrap-around, not a trap.
      const all = expected.every((t) => seen.some((s) => s.id === t.id));
      if (f.id === seen[0].id && all) break;
      problems.push(`focus came back to ${describe(f)} without leaving the page: focus is trapped`);
      break;
    }
    seen.push(f);
  }
  if (seen.length >= limit) problems.push(`Tab never left the page after ${limit} presses: focus is trapped`);
  const first = seen[0];
  if (!first) {
    problems.push('the first Tab reaches nothing');
  } else {
    const skip = first.tag === 'a' && first.href?.startsWith('#') && first.href.length > 1;
    if (!skip) problems.push(`the first Tab reaches ${describe(first)}, not a skip link`);
    else if (!first.onScreen || !first.legible) problems.push('the skip link does not show on screen when it has focus');
  }
  for (const f of seen) {
    if (!f.indicator) problems.push(`no visible focus indicator (outline or box-shadow) on ${describe(f)}`);
    else if (!f.onScreen) problems.push(`focused but off screen: ${describe(f)}`);
  }
  const reached = new Set(seen.map((s) => s.id));
  for (const t of expected) {
    if (!reached.has(t.id)) {
      const where = t.hreflang ? 'language switcher' : t.navLabel ? `navigation "${t.navLabel}"` : 'page';
      problems.push(`Tab never reaches "${t.text}" (${where})`);
    }
  }

  // Backward: from the last stop, Shift+Tab goes all the way back to the first one.
  if (backward && seen.length > 1) {
    await page.evaluate(() => document.activeElement?.blur());
    await page.keyboard.press('Shift+Tab');
    let back = 1;
    let f = await focused(page);
    const limitBack = seen.length + 5;
    while (f && f.id !== first.id && back < limitBack) {
      await page.keyboard.press('Shift+Tab');
      f = await focused(page);
      back++;
    }
    if (!f || f.id !== first.id) problems.push(`Shift+Tab from the end does not get back to ${describe(first)}`);
  }

  // The skip link works: Enter on it puts focus on (or in) the main content. It is
  // focused directly: after the walks, Tab would start from wherever focus last was.
  if (first?.href?.startsWith('#')) {
    await page.locator(`a[href="${first.href}"]`).first().focus();
    await page.keyboard.press('Enter');
    const inMain = await page.evaluate(() => !!document.activeElement?.closest('main, [role="main"]'));
    if (!inMain) problems.push(`Enter on the skip link ${describe(first)} does not move focus to the main content`);
    await page.evaluate(() => document.activeElement?.blur());
  }
  return problems;
}

/** Horizontal scrolling of the whole page at the current width (WCAG 1.4.10 reflow). */
export async function overflowProblems(page) {
  return page.evaluate(() => {
    const doc = document.documentElement;
    const width = doc.clientWidth;
    if (doc.scrollWidth <= width) return [];
    // Name the widest culprits that are not inside their own scroll container (a wide
    // table may scroll inside its box; that is allowed, the page itself may not).
    const culprits = [...document.body.querySelectorAll('*')]
      .filter((el) => el.getBoundingClientRect().right > width + 0.5)
      .filter((el) => {
        for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
          const o = getComputedStyle(a).overflowX;
          if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') return false;
        }
        return true;
      })
      .filter((el) => ![...el.children].some((c) => c.getBoundingClientRect().right > width + 0.5))
      .slice(0, 5)
      .map((el) => {
        const cls = el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
        return `<${el.tagName.toLowerCase()}${cls}> reaches ${Math.round(el.getBoundingClientRect().right)}px`;
      });
    return [`the page scrolls horizontally at ${width}px (content ${doc.scrollWidth}px wide)${culprits.length ? ': ' + culprits.join(', ') : ''}`];
  });
}

/** In print, every navigation block and the skip link are hidden and the content is not. */
export async function printProblems(page) {
  await page.emulateMedia({ media: 'print' });
  try {
    return await page.evaluate(() => {
      const problems = [];
      const shown = (el) => el.checkVisibility({ visibilityProperty: true });
      for (const nav of document.querySelectorAll('nav, [role="navigation"]')) {
        if (shown(nav)) {
          const label = nav.getAttribute('aria-label') || nav.className || nav.tagName.toLowerCase();
          problems.push(`navigation "${label}" is printed`);
        }
      }
      for (const a of document.querySelectorAll('a[href^="#"]')) {
        if (shown(a) && !a.closest('main') && a.compareDocumentPosition(document.querySelector('main') ?? document.body) & Node.DOCUMENT_POSITION_FOLLOWING) {
          problems.push(`link "${a.textContent.trim()}" before the content is printed`);
        }
      }
      const main = document.querySelector('main');
      if (!main || !shown(main)) problems.push('the main content is not printed');
      return problems;
    });
  } finally {
    await page.emulateMedia({ media: null });
  }
}
