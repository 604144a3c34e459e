// The home page of the example site as a reader first meets it, in Debian's Chromium: the
// primary action in the first screen on a phone and a laptop, the page within its height
// budgets with every <details> closed as served, nothing scrolling sideways on narrow phones
// (tables become cards, every column still in view), and every subprocessor and every FAQ
// question still in the HTML although the long lists are collapsed.
import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { after, before, test } from 'node:test';

import { EXAMPLE_SITE, launchBrowser, runTrustpage } from './support.mjs';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};
const SCHEMES = ['light', 'dark'];
/** The first screens the primary action must sit in. */
const SCREENS = [
  { width: 375, height: 667 },
  { width: 1280, height: 800 },
];
/** document.documentElement.scrollHeight of the English home page, every <details> closed. */
const BUDGETS = [
  { width: 1280, height: 800, max: 6000 },
  { width: 375, height: 667, max: 9000 },
];
const NARROW = [320, 375];

let dir;
let out;
let server;
let base;
let browser;
let trust;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trustpage-home-'));
  out = join(dir, 'site');
  const built = runTrustpage(['build', EXAMPLE_SITE, '--output-dir', out]);
  assert.equal(built.status, 0, `trustpage build failed:\n${built.stderr}`);
  trust = JSON.parse(await readFile(join(out, 'trust.json'), 'utf8'));
  server = http.createServer(async (req, res) => {
    let file = join(out, decodeURIComponent(new URL(req.url, 'http://x').pathname));
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.setHeader('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
      res.end(body);
    } catch {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${server.address().port}/`;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Opens the home page in a fresh context of the given size and colour scheme. */
async function open(viewport, colorScheme, path = '/') {
  const context = await browser.newContext({ viewport, colorScheme });
  const page = await context.newPage();
  const response = await page.goto(new URL(path, base).href);
  assert.equal(response.status(), 200);
  return { page, close: () => context.close() };
}

test('the primary action is inside the first screen on a phone and a laptop', async () => {
  for (const path of ['/', '/ja/']) {
    for (const scheme of SCHEMES) {
      for (const screen of SCREENS) {
        const { page, close } = await open(screen, scheme, path);
        const where = `${path} at ${screen.width}x${screen.height}, ${scheme}`;
        const action = page.locator('.hero-actions a').first();
        assert.ok(await action.isVisible(), `no primary action on ${where}`);
        const box = await action.boundingBox();
        assert.ok(box.y >= 0 && box.y + box.height <= screen.height, `the primary action ends at ${box.y + box.height} px on ${where}`);
        // The example keeps its reports behind a request, so the action asks for them.
        assert.match(await action.getAttribute('href'), /^(#documents|mailto:|https:)/, where);
        await close();
      }
    }
  }
});

test('the first screen shows a mark for each current attestation and none for the others', async () => {
  const { page, close } = await open({ width: 1280, height: 800 }, 'light');
  const marks = await page.locator('.hero-marks .badges .badge-label').allTextContents();
  const pending = await page.locator('.hero-pending-list a').allTextContents();
  await close();
  const current = trust.attestations.filter((a) => a.standing === 'current');
  assert.equal(marks.length, current.length, `marks ${JSON.stringify(marks)}`);
  assert.ok(pending.length > 0, 'the example has a planned attestation, listed apart from the marks');
  for (const label of pending) assert.ok(!marks.includes(label), `${label} is both a mark and pending`);
});

/** Measures the home page at `viewport` in each colour scheme against `max`. */
async function withinBudget(viewport, max) {
  for (const scheme of SCHEMES) {
    const { page, close } = await open(viewport, scheme);
    const { height, open: opened } = await page.evaluate(() => ({
      height: document.documentElement.scrollHeight,
      open: document.querySelectorAll('details[open]').length,
    }));
    await close();
    assert.equal(opened, 0, 'every <details> is closed as served');
    assert.ok(height < max, `the home page is ${height} px tall at ${viewport.width} px (${scheme}); the budget is ${max}`);
  }
}

test('the home page stays within its height budget on a laptop, light and dark', async () => {
  const { max, ...viewport } = BUDGETS[0];
  await withinBudget(viewport, max);
});

// Still over: about 9,500 px at 375 px with today's three-row phone header. It runs and
// reports its measure on every run; it becomes a plain test once the budget is met.
test(
  'the home page stays within its height budget on a phone, light and dark',
  { todo: 'over the 9,000 px phone budget (about 9,500 px)' },
  async () => {
    const { max, ...viewport } = BUDGETS[1];
    await withinBudget(viewport, max);
  },
);

test('nothing scrolls sideways at 320 and 375 px, with the lists closed or open', async () => {
  for (const path of ['/', '/ja/']) {
    for (const width of NARROW) {
      const { page, close } = await open({ width, height: 700 }, 'light', path);
      for (const state of ['closed', 'open']) {
        if (state === 'open') await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
        const { overflow, cells } = await page.evaluate(() => {
          const width = document.documentElement.clientWidth;
          // Every cell of every home table is in view: a card, not a hidden column.
          const cells = [...document.querySelectorAll('.home-sections table td, .home-sections table tbody th')]
            .filter((c) => c.closest('details') === null || c.closest('details').open)
            .map((c) => ({ text: c.textContent.trim().slice(0, 40), box: c.getBoundingClientRect() }))
            .filter(({ box }) => box.width === 0 || box.right > width + 1 || box.left < -1)
            .map(({ text, box }) => `${text} (${Math.round(box.left)}..${Math.round(box.right)})`);
          return { overflow: document.documentElement.scrollWidth - width, cells };
        });
        assert.equal(overflow, 0, `${path} scrolls ${overflow} px sideways at ${width} px with the lists ${state}`);
        assert.deepEqual(cells, [], `${path} at ${width} px (${state}): cells out of view`);
      }
      await close();
    }
  }
});

test('every subprocessor, its locations and every FAQ question are in the home page HTML', async () => {
  const { page, close } = await open({ width: 375, height: 667 }, 'light');
  const { subprocessors, faq } = await page.evaluate(() => ({
    subprocessors: document.querySelector('#subprocessors')?.textContent ?? '',
    faq: [...document.querySelectorAll('#faq details')].map((d) => ({
      id: d.id,
      question: d.querySelector('summary')?.textContent.trim(),
      answer: d.querySelector('.faq-answer')?.textContent.trim() ?? '',
    })),
  }));
  await close();
  // Former subprocessors are on the subprocessors page only.
  const asOf = trust.site.as_of;
  const listed = trust.subprocessors.filter((s) => !s.until || s.until > asOf);
  assert.ok(listed.length > 5, 'the example lists more subprocessors than the home page shows at first');
  for (const s of listed) {
    assert.ok(subprocessors.includes(s.name), `${s.name} is missing from the home page`);
    for (const code of s.locations) assert.ok(subprocessors.includes(code), `${s.name}: location ${code} is missing`);
  }
  assert.equal(faq.length, trust.faq.length, 'one question per FAQ entry');
  for (const q of trust.faq) {
    const question = q.question.en ?? q.question;
    const found = faq.find((f) => f.question === question);
    assert.ok(found, `FAQ ${q.id} (${question}) is missing`);
    assert.ok(found.id.endsWith(q.id), `FAQ ${q.id} keeps its anchor, found #${found.id}`);
    assert.ok(found.answer.length > 0, `FAQ ${q.id} has no answer in the HTML`);
  }
});
