// How the default theme looks to a reader of the published example site, served the way a
// static host serves it: on every page, at a phone's and a desktop's width, in the light and
// the dark colour scheme, nothing scrolls sideways (320 px too) and the web font moves nothing
// as it arrives; the home page puts its primary action in the first screen and stays within
// its height budget (6,000 px at 1280 px wide, 9,000 px at 375 px) while every fact of
// trust.toml is still in its HTML.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { serveStatic } from '../tools/static-host.mjs';
import { EXAMPLE_SITE, contentPaths, launchBrowser, runTrustpage } from './support.mjs';

const VIEWPORTS = [
  { width: 320, height: 640 },
  { width: 375, height: 667 },
  { width: 1280, height: 800 },
];
const SCHEMES = ['light', 'dark'];
/** The tallest the home page may be, by viewport width. */
const HEIGHT_BUDGET = { 375: 9_000, 1280: 6_000 };
/** What the default theme marks as the home page's one primary action. */
const PRIMARY_ACTION = '[data-action="primary"]';

let browser;
let dir;
let host;
let paths;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trustpage-face-'));
  const built = runTrustpage(['build', EXAMPLE_SITE, '-o', join(dir, 'site')]);
  assert.equal(built.status, 0, `trustpage build failed:\n${built.stderr}`);
  host = await serveStatic(join(dir, 'site'));
  browser = await launchBrowser();
  paths = await pagesOf(join(dir, 'site'));
});

after(async () => {
  await browser?.close();
  await host?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Every page of the built site: the sitemap's, the Markdown pages', the share kit and the 404. */
async function pagesOf(site) {
  const sitemap = await readFile(join(site, 'sitemap.xml'), 'utf8');
  const listed = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]).pathname);
  const all = new Set([...listed, ...(await contentPaths(EXAMPLE_SITE)), '/share/', '/404.html']);
  assert.ok(all.size >= 20, `only ${all.size} pages: ${[...all].join(', ')}`);
  return [...all].sort();
}

/** A page at `viewport` in `colorScheme`, with layout shifts recorded from its first paint. */
async function open(context, path) {
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.__shifts = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        window.__shifts.push({
          value: e.value,
          sources: (e.sources ?? []).map((s) => s.node?.nodeName ?? '?'),
        });
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
  const response = await page.goto(new URL(path, host.url).href, { waitUntil: 'load' });
  assert.ok(response.status() === 200 || path === '/404.html', `${path} answered ${response.status()}`);
  await page.evaluate(() => document.fonts.ready);
  // Two frames, so a shift caused by a font that has just arrived is observed.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return page;
}

for (const viewport of VIEWPORTS) {
  for (const colorScheme of SCHEMES) {
    test(`every page at ${viewport.width} px, ${colorScheme}: no sideways scrolling, no layout shift`, async (t) => {
      const context = await browser.newContext({ viewport, colorScheme });
      try {
        for (const path of paths) {
          await t.test(path, async () => {
            const page = await open(context, path);
            try {
              const wide = await page.evaluate(() => {
                const doc = document.documentElement;
                const out = [];
                if (doc.scrollWidth > doc.clientWidth) {
                  // Name what pokes out, so the failure says where to look.
                  for (const el of document.body.querySelectorAll('*')) {
                    const r = el.getBoundingClientRect();
                    if (r.right > doc.clientWidth + 1 && r.width > 0) {
                      out.push(`${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ').join('.')}` : ''} (right edge ${Math.round(r.right)} px)`);
                    }
                    if (out.length >= 5) break;
                  }
                }
                return { scroll: doc.scrollWidth, client: doc.clientWidth, out };
              });
              assert.ok(
                wide.scroll <= wide.client,
                `${path} is ${wide.scroll} px wide in a ${wide.client} px viewport: ${wide.out.join(', ')}`,
              );
              const shifts = await page.evaluate(() => window.__shifts);
              const total = shifts.reduce((sum, s) => sum + s.value, 0);
              assert.equal(total, 0, `${path} shifted its layout by ${total.toFixed(4)}: ${JSON.stringify(shifts)}`);
            } finally {
              await page.close();
            }
          });
        }
      } finally {
        await context.close();
      }
    });
  }
}

for (const width of [375, 1280]) {
  const viewport = width === 375 ? { width, height: 667 } : { width, height: 800 };
  for (const colorScheme of SCHEMES) {
    for (const home of ['/', '/ja/']) {
      test(`the home page ${home} at ${width} px, ${colorScheme}: primary action in the first screen, within its height`, async (t) => {
        const context = await browser.newContext({ viewport, colorScheme });
        try {
          const page = await open(context, home);
          const actions = await page.locator(PRIMARY_ACTION).all();
          assert.equal(actions.length, 1, `${home} has ${actions.length} primary actions (${PRIMARY_ACTION})`);
          const box = await actions[0].boundingBox();
          assert.ok(box, `the primary action of ${home} is not shown`);
          assert.ok(
            box.y >= 0 && box.y + box.height <= viewport.height,
            `the primary action of ${home} is at ${Math.round(box.y)}-${Math.round(box.y + box.height)} px, outside the first ${viewport.height} px`,
          );
          // The budgets are the English example's; the Japanese page is measured and reported.
          const height = await page.evaluate(() => document.documentElement.scrollHeight);
          if (home === '/') {
            assert.ok(height <= HEIGHT_BUDGET[width], `${home} is ${height} px tall at ${width} px (budget ${HEIGHT_BUDGET[width]})`);
          } else {
            t.diagnostic(`${home} is ${height} px tall at ${width} px, ${colorScheme}`);
          }
        } finally {
          await context.close();
        }
      });
    }
  }
}

test('the home page still holds every listed fact of trust.json, collapsed or not', async () => {
  const facts = JSON.parse(await readFile(join(dir, 'site', 'trust.json'), 'utf8'));
  const expected = [
    // A former subprocessor is on the subprocessors page only, with its end date.
    ...facts.subprocessors.filter((s) => !s.until || s.until > facts.site.as_of).map((s) => s.name),
    ...facts.faq.map((f) => f.question),
    ...facts.documents.map((d) => d.title),
    ...facts.policies.map((p) => p.name),
    ...facts.pentests.map((p) => p.firm),
    ...facts.attestations.map((a) => a.auditor).filter(Boolean),
  ];
  assert.ok(expected.length >= 20, `only ${expected.length} facts to look for`);
  const context = await browser.newContext();
  try {
    const page = await open(context, '/');
    // textContent holds the text of closed <details> too, as crawlers and screen readers get it.
    const text = (await page.evaluate(() => document.body.textContent)).replace(/\s+/g, ' ');
    // Texts given per language in trust.toml come as { en, ja }: the English page shows `en`.
    const missing = expected
      .map((f) => (typeof f === 'string' ? f : f.en))
      .filter((f) => !text.includes(f.replace(/\s+/g, ' ')));
    assert.deepEqual(missing, [], `the home page lost these facts: ${missing.join('; ')}`);
  } finally {
    await context.close();
  }
});
