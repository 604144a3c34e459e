// The home page of the example site as a reader first meets it, in Debian's Chromium: marks
// only for current attestations, nothing scrolling sideways on narrow phones with the lists
// closed or open (tables become cards, every column still in view), and every subprocessor and
// every FAQ question still in the HTML although the long lists are collapsed. The primary
// action and the height budgets are checked with every page's look in face.test.mjs.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { serveStatic } from '../tools/static-host.mjs';
import { EXAMPLE_SITE, launchBrowser, runTrustpage } from './support.mjs';

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
  server = await serveStatic(out);
  base = server.url;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
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
