// Lighthouse (pinned to 12.2.3, the last release that runs on Node 20) at its mobile settings,
// against Debian's Chromium, on three kinds of page of the built example site served the way a
// static host serves it: the home page, a Markdown page and the updates list. A trust center
// must score 100 for accessibility, best practices and SEO, and at least 95 for performance.
// Run it alone with `node tests/tools/lighthouse.test.mjs --print` to print the score table.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { CHROMIUM, CHROMIUM_ARGS, EXAMPLE_SITE, isolatedHome, runTrustpage } from '../browser/support.mjs';
import { serveStatic } from './static-host.mjs';

const PAGES = [
  { name: 'home page', path: '/' },
  { name: 'Markdown page', path: '/encryption/' },
  { name: 'updates list', path: '/updates/' },
];
const MINIMUM = { performance: 95, accessibility: 100, 'best-practices': 100, seo: 100 };

let dir;
let host;
let chrome;
let home;
let lighthouse;

before(async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: run ./scripts/test.sh, which installs chromium`);
  try {
    lighthouse = (await import('lighthouse')).default;
  } catch (e) {
    assert.fail(`Lighthouse is not installed (${e.message}): run \`npm ci\` (./scripts/test.sh does)`);
  }
  const { launch } = await import('chrome-launcher');
  dir = await mkdtemp(join(tmpdir(), 'trustpage-lighthouse-'));
  const built = runTrustpage(['build', EXAMPLE_SITE, '-o', join(dir, 'site')]);
  assert.equal(built.status, 0, `trustpage build failed:\n${built.stderr}`);
  host = await serveStatic(join(dir, 'site'));
  home = isolatedHome();
  await mkdir(join(home.home, 'chromium'));
  chrome = await launch({
    chromePath: CHROMIUM,
    // The same Chromium, started as the browser tests start it.
    chromeFlags: CHROMIUM_ARGS,
    userDataDir: join(home.home, 'chromium'),
    envVars: home.env,
    logLevel: 'silent',
  });
});

after(async () => {
  await chrome?.kill();
  await host?.close();
  home?.remove();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The four category scores (0 to 100) of one Lighthouse run, and the failing audits. */
async function audit(url) {
  const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error' });
  const { categories, audits } = result.lhr;
  const scores = Object.fromEntries(Object.entries(categories).map(([id, c]) => [id, Math.round(c.score * 100)]));
  const failing = [];
  for (const [id, category] of Object.entries(categories)) {
    for (const ref of category.auditRefs) {
      const a = audits[ref.id];
      if (ref.weight > 0 && a.score !== null && a.score < 1) {
        failing.push(`${id}: ${ref.id} (${a.title}) scored ${a.score}${a.displayValue ? `, ${a.displayValue}` : ''}`);
      }
    }
  }
  return { scores, failing };
}

const results = [];

for (const { name, path } of PAGES) {
  test(`Lighthouse scores the ${name} (${path}) at mobile settings`, { timeout: 180_000 }, async () => {
    const { scores, failing } = await audit(new URL(path, host.url).href);
    results.push({ name, path, scores });
    for (const [category, minimum] of Object.entries(MINIMUM)) {
      assert.ok(
        scores[category] >= minimum,
        `${category} scored ${scores[category]} (at least ${minimum} expected) on ${path}:\n  ${failing.join('\n  ')}`,
      );
    }
  });
}

if (process.argv.includes('--print')) {
  after(() => {
    console.log('| page | performance | accessibility | best practices | SEO |');
    console.log('|---|---|---|---|---|');
    for (const { name, path, scores } of results) {
      console.log(
        `| ${name} (\`${path}\`) | ${scores.performance} | ${scores.accessibility} | ${scores['best-practices']} | ${scores.seo} |`,
      );
    }
  });
}
