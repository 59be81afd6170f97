// Documents in a real browser, on a site this script writes (test data, made up: 25
// documents, one with a PDF attachment) and builds with the real binary, once per theme:
// the register at 1280 and 375 px (axe-core, keyboard, the Nu checker on every page of
// the register and the document pages), its filter used with the keyboard only, a
// document page, and search for four spellings of a number landing on the document
// first. Screenshots of the register and of a document page go to --screens DIR.
//
//   node tests/e2e/documents.mjs [--bin target/debug/congkhai] [--screens DIR]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { serve } from './lib/server.mjs';
import { launch, openPage } from './lib/browser.mjs';
import { axeScan, keyboardProblems } from './lib/checks.mjs';
import { validate } from './lib/vnu.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const BIN = path.resolve(arg('--bin', path.join(repo, 'target/debug/congkhai')));
const SCREENS = arg('--screens', null);
const pages = JSON.parse(fs.readFileSync(path.join(here, 'pages.json'), 'utf8'));

const TYPES = [['Quyết định', 'QĐ'], ['Kế hoạch', 'KH'], ['Thông báo', 'TB'], ['Báo cáo', 'BC'], ['Chỉ thị', 'CT']];
const ISSUERS = ['UBND phường Mẫu', 'Phòng Kinh tế', 'Phòng Tài nguyên và Môi trường'];
const FIELDS = ['Kinh tế', 'Đất đai', 'Văn hóa - xã hội'];

/** A one-page PDF whose text layer says `text`, with a correct xref table. */
function pdf(text) {
  const stream = `BT /F1 18 Tf 72 720 Td (${text}) Tj ET`;
  const objs = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'];
  let out = '%PDF-1.4\n';
  const offs = [];
  objs.forEach((o, i) => { offs.push(out.length); out += `${i + 1} 0 obj\n${o}\nendobj\n`; });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n` + offs.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  return out + `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
}

function writeSite(dir, theme) {
  fs.cpSync(path.join(repo, 'themes'), path.join(dir, 'themes'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'config.yaml'), `title: "Trang thử nghiệm văn bản"\nbase_url: "https://vanban.example/"\nissuer: "UBND phường Mẫu"\ntheme: ${theme}\nlanguages:\n  - code: vi\n    name: "Tiếng Việt"\n  - code: en\n    name: "English"\n    title: "Documents test site"\n`);
  const content = path.join(dir, 'content');
  const vb = path.join(content, 'van-ban');
  fs.mkdirSync(vb, { recursive: true });
  fs.writeFileSync(path.join(content, '_index.md'), '---\ntitle: "Trang chủ"\n---\nDữ liệu thử nghiệm.\n');
  fs.writeFileSync(path.join(content, '_index.en.md'), '---\ntitle: "Home"\n---\nTest data.\n');
  fs.writeFileSync(path.join(content, 'gioi-thieu.md'), '---\ntitle: "Giới thiệu"\n---\nDữ liệu thử nghiệm.\n');
  for (let i = 0; i < 25; i++) {
    const n = i + 1;
    const [t, abbr] = TYPES[i % TYPES.length];
    const year = 2019 + (i % 3);
    const issued = `${year}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + Math.floor(i / 2)).padStart(2, '0')}`;
    let fm = `---\ntitle: "Văn bản thử nghiệm số ${n}"\nkind: document\nnumber: "${n}/${abbr}-UBND"\ndoc_type: ${t}\nissued: ${issued}\nissuer: "${ISSUERS[i % 3]}"\nsigner:\n  name: "Người Ký ${n}"\n  position: "Chủ tịch"\nabstract: "Về việc thử nghiệm số ${n}"\nfields: ["${FIELDS[i % 3]}"]\n`;
    if (n === 6) fm += 'status: replaced\nreplaced_by: vb-21.md\n';
    if (n === 7) fm += 'status: expired\n';
    if (n === 16) fm += 'files:\n  - file: "Quyết định 16-QĐ-UBND.PDF"\n    title: "Toàn văn (bản ký)"\n';
    fs.writeFileSync(path.join(vb, `vb-${String(n).padStart(2, '0')}.md`), `${fm}---\nNội dung thử nghiệm.\n`);
  }
  fs.writeFileSync(path.join(vb, 'Quyết định 16-QĐ-UBND.PDF'), pdf('Quyet dinh thu nghiem so 16'));
}

const problems = [];
const fail = (label, list) => { for (const p of list) problems.push(`${label}: ${p}`); };

/** Rows of the register's table as shown (hidden ones excluded). */
const shownRows = (page) => page.$$eval('table.register tbody tr', (rows) => rows.filter((r) => r.offsetParent !== null).map((r) => r.cells[0].textContent.trim()));

/** Presses Tab until `selector` has focus, as a keyboard user gets there. */
async function tabTo(page, selector, limit = 80) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return true;
  }
  return false;
}

async function filterByKeyboard(browser, url, label) {
  const { page, trouble, close } = await openPage(browser, url, { width: 1280 });
  await page.goto(`${url}van-ban/index.html`);
  await page.waitForSelector('#register-filter:not([hidden])');
  if ((await shownRows(page)).length !== 20) fail(label, ['the first page does not show 20 rows']);
  if (!(await tabTo(page, '#filter-text'))) fail(label, ['Tab never reaches the filter\'s text box']);
  await page.keyboard.type('16 qd ubnd', { delay: 20 });
  await page.waitForFunction(() => document.querySelectorAll('table.register tbody tr').length === 1, null, { timeout: 5000 }).catch(() => {});
  let rows = await shownRows(page);
  if (rows.length !== 1 || rows[0] !== '16/QĐ-UBND') fail(label, [`typing "16 qd ubnd" shows ${JSON.stringify(rows)}, not only 16/QĐ-UBND (from page 2)`]);
  const count = await page.$eval('#register-count span', (s) => s.textContent);
  if (count !== '1') fail(label, [`the live count says ${count}, not 1`]);
  // Clear the box with the keyboard, then choose a status with the arrow keys.
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  if (!(await tabTo(page, '#filter-status'))) fail(label, ['Tab never reaches the status filter']);
  for (let i = 0; i < 2; i++) await page.keyboard.press('ArrowDown');
  await page.waitForTimeout(200);
  const chosen = await page.$eval('#filter-status', (s) => s.value);
  rows = await shownRows(page);
  if (chosen !== 'expired' || rows.length !== 1 || rows[0] !== '7/KH-UBND') fail(label, [`status "${chosen}" by arrow keys shows ${JSON.stringify(rows)}, not only 7/KH-UBND`]);
  fail(label, trouble);
  await close();
}

async function searchFirst(browser, url, label) {
  const want = 'van-ban/vb-16/';
  for (const q of ['16/QĐ-UBND', '16/QD-UBND', '16 qd ubnd', '16/qđ-ubnd']) {
    const { page, trouble, close } = await openPage(browser, url, { width: 1280 });
    await page.goto(`${url}search/index.html?q=${encodeURIComponent(q)}`);
    await page.waitForFunction(() => document.querySelectorAll('#search-results > li > a').length > 0, null, { timeout: 10_000 }).catch(() => {});
    const first = await page.$eval('#search-results > li > a', (a) => a.href).catch(() => 'nothing');
    if (!first.startsWith(`${url}${want}`)) fail(label, [`search "${q}": first result is ${first}, not ${want}`]);
    fail(label, trouble);
    await close();
  }
}

async function run() {
  if (!fs.existsSync(BIN)) throw new Error(`${BIN} not found: cargo build first`);
  const browser = await launch();
  let htmlChecked = 0;
  try {
    for (const theme of ['default', 'congthongtin']) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'congkhai-documents-'));
      try {
        writeSite(dir, theme);
        execFileSync(BIN, ['build', '--quiet', '--root', dir], { env: { ...process.env, SOURCE_DATE_EPOCH: '1605257460' }, stdio: 'inherit' });
        const out = path.join(dir, 'output');
        const server = await serve(out);
        try {
          for (const rel of ['van-ban/index.html', 'van-ban/trang/2/index.html', 'van-ban/vb-16/index.html', 'en/index.html']) {
            for (const width of pages.widths) {
              const label = `${theme} ${rel} @${width}`;
              const { page, trouble, close } = await openPage(browser, server.url, { width });
              await page.goto(`${server.url}${rel}`);
              const axe = await axeScan(page, pages.axe_tags);
              fail(label, axe.violations.map((v) => `axe ${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(', ')})`));
              if (rel !== 'en/index.html') fail(label, await keyboardProblems(page));
              if (SCREENS && rel !== 'en/index.html' && rel !== 'van-ban/trang/2/index.html') {
                fs.mkdirSync(SCREENS, { recursive: true });
                const name = `${theme}-${rel.includes('vb-16') ? 'document' : 'register'}-${width}.png`;
                await page.screenshot({ path: path.join(SCREENS, name), fullPage: true });
              }
              fail(label, trouble);
              await close();
            }
          }
          await filterByKeyboard(browser, server.url, `${theme} filter`);
          await searchFirst(browser, server.url, `${theme} search`);
        } finally {
          await server.close();
        }
        const files = [];
        const walk = (d) => { for (const e of fs.readdirSync(d, { withFileTypes: true })) { const p = path.join(d, e.name); if (e.isDirectory()) walk(p); else if (p.endsWith('.html') && (p.includes(`${path.sep}van-ban${path.sep}`))) files.push(p); } };
        walk(out);
        const report = await validate(files);
        for (const f of files) fail(`${theme} Nu ${path.relative(out, f)}`, report.get(f).errors.map((e) => `${e.line}:${e.column} ${e.message}`));
        fail(`${theme} Nu`, report.get('').errors.map((e) => e.message));
        htmlChecked += files.length;
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  } finally {
    await browser.close();
  }
  console.log(`documents: ${htmlChecked} register and document pages through the Nu checker, both themes, 1280 and 375 px`);
  if (problems.length) {
    console.error(problems.join('\n'));
    process.exit(1);
  }
  console.log('documents: all checks passed');
}

run().catch((e) => {
  console.error(e);
  process.exit(1);
});
