// Takes the README's screenshots of the example trust center: the home page's first screen at a
// desktop's and a phone's width, light and dark, into docs/screenshots/. Run it after the look
// changes: `cargo build && node scripts/screenshots.mjs` (needs what ./scripts/test.sh installs).
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { EXAMPLE_SITE, REPO, launchBrowser, runTrustpage } from '../tests/browser/support.mjs';
import { serveStatic } from '../tests/tools/static-host.mjs';

const SHOTS = [
  { name: 'home-desktop', viewport: { width: 1280, height: 800 } },
  { name: 'home-phone', viewport: { width: 375, height: 812 }, deviceScaleFactor: 2 },
];

const dir = await mkdtemp(join(tmpdir(), 'trustpage-screenshots-'));
const out = join(REPO, 'docs', 'screenshots');
await mkdir(out, { recursive: true });
const built = runTrustpage(['build', EXAMPLE_SITE, '-o', join(dir, 'site')]);
assert.equal(built.status, 0, built.stderr);
const host = await serveStatic(join(dir, 'site'));
const browser = await launchBrowser();
try {
  for (const { name, viewport, deviceScaleFactor = 1 } of SHOTS) {
    for (const colorScheme of ['light', 'dark']) {
      const context = await browser.newContext({ viewport, deviceScaleFactor, colorScheme });
      const page = await context.newPage();
      await page.goto(host.url, { waitUntil: 'load' });
      await page.evaluate(() => document.fonts.ready);
      const file = join(out, `${name}-${colorScheme}.png`);
      await page.screenshot({ path: file });
      console.log(`wrote ${file}`);
      await context.close();
    }
  }
} finally {
  await browser.close();
  await host.close();
  await rm(dir, { recursive: true, force: true });
}
