// The page chrome of the built example site in Chromium, served with the `_headers` trustpage
// writes: the header's menu on a phone (without JavaScript, from the keyboard), no page wider
// than a 320 px screen, a wide Markdown table scrolling in its own box, and the theme's web
// font arriving under the Content-Security-Policy without moving any text.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { copyExampleSite, launchBrowser, runTrustpage } from './support.mjs';
import { serveStatic } from '../tools/static-host.mjs';

/** A Markdown page whose table and code line are far wider than a phone. */
const WIDE_PAGE = `+++
title = "Retention schedule"
+++

Every record we keep and for how long.

| System | Record | Region | Retention | Deletion | Backup copies | Legal hold | Owner | Reviewed |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
| Forms | Submission payloads with attachments | eu-central-1, us-east-1 | 90 days after account closure | Automated purge job | 35 days | Suspends deletion | Platform engineering | 2026-10-01 |

\`\`\`
curl --request POST https://api.fernlight.example/v2/retention/holds --header "Authorization: Bearer $TOKEN" --data '{"record":"submission","reason":"litigation"}'
\`\`\`
`;

let dir;
let copy;
let server;
let base;
let browser;

before(async () => {
  copy = await copyExampleSite(async (site) => writeFile(join(site, 'content', 'retention-schedule.md'), WIDE_PAGE));
  dir = await mkdtemp(join(tmpdir(), 'trustpage-chrome-'));
  const out = join(dir, 'site');
  const built = runTrustpage(['build', copy.site, '--output-dir', out]);
  assert.equal(built.status, 0, `trustpage build failed:\n${built.stderr}`);
  server = await serveStatic(out);
  base = server.url.replace(/\/$/, '');
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  await copy?.remove();
});

test('on a phone the menu opens from the keyboard with JavaScript off, its focus visible', async () => {
  const context = await browser.newContext({ viewport: { width: 375, height: 812 }, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${base}/encryption/`);
  const header = page.locator('.site-header');
  assert.ok((await header.boundingBox()).height <= 80, 'the header is one compact row');
  const toggle = page.locator('summary.site-menu-toggle');
  const firstLink = page.locator('.site-nav a').first();
  const japanese = page.locator('.lang-switch a[hreflang="ja"]');
  assert.ok(await toggle.isVisible(), 'a menu button on a phone');
  assert.equal(await firstLink.isVisible(), false, 'the links wait behind the button');

  // Skip link, brand, then the menu button.
  let focused = '';
  for (let i = 0; i < 4 && focused !== 'SUMMARY'; i++) {
    await page.keyboard.press('Tab');
    focused = await page.evaluate(() => document.activeElement.tagName);
  }
  assert.equal(focused, 'SUMMARY', 'the menu button is reached with Tab');
  const ring = await page.evaluate(() => {
    const s = getComputedStyle(document.activeElement);
    return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
  });
  assert.ok(ring.style !== 'none' && ring.width >= 2, `the focus is visible: ${JSON.stringify(ring)}`);
  const name = await page.evaluate(() => document.activeElement.textContent.trim());
  assert.equal(name, 'Menu');

  await page.keyboard.press('Enter');
  assert.equal(await page.locator('details.site-menu').evaluate((d) => d.open), true);
  assert.ok(await firstLink.isVisible(), 'the links show once the menu is open');
  assert.ok(await japanese.isVisible(), 'the language switcher is in the open menu');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.closest('.site-nav') !== null), true);
  // The open menu lies over the page and stays inside the screen.
  const panel = await page.locator('.site-menu-panel').boundingBox();
  assert.ok(panel.x >= 0 && panel.x + panel.width <= 375, JSON.stringify(panel));

  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Space');
  assert.equal(await page.locator('details.site-menu').evaluate((d) => d.open), false, 'Space closes it again');
  await context.close();
});

test('at desktop width the links and languages show with no menu button', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${base}/subprocessors/`);
  assert.equal(await page.locator('summary.site-menu-toggle').isVisible(), false);
  for (const link of await page.locator('.site-nav a, .lang-switch a').all()) {
    assert.ok(await link.isVisible(), `${await link.textContent()} shows`);
  }
  // The name once: the logo carries it, no title beside it.
  assert.equal(await page.locator('.site-header').getByText('Fernlight Trust Center').count(), 0);
  assert.equal(await page.locator('.site-header img[alt="Fernlight Trust Center"]').count(), 1);
  await context.close();
});

test('no page is wider than a 320 px screen; a wide table scrolls in its own labelled box', async () => {
  const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
  const page = await context.newPage();
  const wide = [];
  for (const path of ['/subprocessors/', '/controls/', '/encryption/', '/retention-schedule/', '/updates/',
    '/updates/2026-11-10-soc2-type-ii-report-2026/', '/ja/subprocessors/', '/ja/controls/', '/ja/encryption/']) {
    await page.goto(base + path);
    const over = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    if (over > 0) wide.push(`${path}: ${over}px`);
  }
  assert.deepEqual(wide, [], 'pages wider than the screen');

  await page.goto(`${base}/retention-schedule/`);
  const box = page.locator('.prose .table-scroll');
  assert.equal(await box.count(), 1);
  assert.equal(await box.getAttribute('role'), 'region');
  assert.equal(await box.getAttribute('aria-label'), 'Table 1');
  assert.equal(await box.getAttribute('tabindex'), '0');
  assert.ok(await box.evaluate((b) => b.scrollWidth > b.clientWidth), 'the table scrolls inside its box');
  const pre = page.locator('.prose pre');
  assert.ok(await pre.evaluate((p) => p.getBoundingClientRect().right <= document.documentElement.clientWidth));

  // The Japanese home page: its header and title fit, the title broken between phrases.
  await page.goto(`${base}/ja/`);
  const fits = await page.evaluate(() =>
    [...document.querySelectorAll('.site-header *, h1')].filter(
      (e) => e.getBoundingClientRect().right > document.documentElement.clientWidth,
    ).length,
  );
  assert.equal(fits, 0, 'everything in the header and the title is inside the screen');
  assert.equal(await page.locator('h1').evaluate((h) => getComputedStyle(h).wordBreak), 'auto-phrase');
  await context.close();
});

test('the web font loads under the policy and swapping to it moves no text', async () => {
  for (const [width, path] of [[1280, '/'], [375, '/'], [375, '/updates/'], [375, '/encryption/']]) {
    const context = await browser.newContext({ viewport: { width, height: 800 } });
    const page = await context.newPage();
    // A slow font: the page is drawn in the fallback first, then swaps.
    await page.route('**/*.woff2', async (route) => {
      await new Promise((r) => setTimeout(r, 400));
      await route.continue();
    });
    await page.addInitScript(() => {
      window.__shift = 0;
      window.__violations = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value;
      }).observe({ type: 'layout-shift', buffered: true });
      document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.blockedURI));
    });
    await page.goto(base + path, { waitUntil: 'load' });
    const result = await page.evaluate(async () => {
      await document.fonts.ready;
      await new Promise((r) => setTimeout(r, 300));
      return {
        shift: window.__shift,
        violations: window.__violations,
        inter: [...document.fonts].filter((f) => f.family === 'Inter' && f.status === 'loaded').map((f) => f.weight),
        body: getComputedStyle(document.body).fontFamily,
      };
    });
    await context.close();
    assert.deepEqual(result.violations, [], `${path}: nothing blocked`);
    assert.ok(result.inter.includes('400') && result.inter.includes('700'), `${path}: Inter loaded: ${result.inter}`);
    assert.match(result.body, /^"?Inter"?,/);
    assert.ok(result.shift < 0.01, `${path} at ${width}px: layout shift ${result.shift}`);
  }
});
