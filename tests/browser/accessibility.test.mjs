// Every page a trustpage user publishes from the example site, and the error overlay of the
// preview, checked with axe-core in a real browser: on a phone and a desktop width, in the light
// and the dark colour scheme, since the default theme restyles for each.
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import {
  contentPaths,
  copyExampleSite,
  explain,
  launchBrowser,
  openLive,
  recordTimeline,
  startServer,
} from './support.mjs';

const AXE_SOURCE = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const WIDTHS = [
  { width: 375, height: 812 },
  { width: 1280, height: 800 },
];
const SCHEMES = ['light', 'dark'];
const TEST_TIMEOUT_MS = 90_000;
/** A path no site has: the server answers it with the site's 404 page. */
const MISSING_PATH = '/no-such-page-trustpage-test/';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** Runs axe with its default rules (WCAG 2 A and AA among them) on the loaded page. */
async function violations(page) {
  await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async () => {
    const results = await window.axe.run(document, { resultTypes: ['violations'] });
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.map(String), summary: n.failureSummary })),
    }));
  });
}

function report(found, where) {
  const lines = [`axe found ${found.length} violation(s) on ${where}:`];
  for (const v of found) {
    lines.push(`  ${v.id} (${v.impact}): ${v.help}  <${v.helpUrl}>`);
    for (const n of v.nodes) {
      lines.push(`    at ${n.target.join(' ')}`);
      if (n.summary) lines.push(...n.summary.split('\n').map((l) => `      ${l}`));
    }
  }
  return lines.join('\n');
}

/**
 * The page paths of a served site: every page reachable from the home page, every Markdown
 * file, and the share kit (linked from nowhere: it is for the site's own people).
 */
async function sitePages(page, base, site) {
  const origin = new URL(base).origin;
  const seen = new Set(['/', '/share/', ...(await contentPaths(site))]);
  const queue = [...seen];
  while (queue.length > 0) {
    const path = queue.shift();
    const response = await page.goto(new URL(path, base).href);
    assert.equal(response.status(), 200, `${path} answered ${response.status()}`);
    const links = await page.evaluate(() => Array.from(document.querySelectorAll('a[href]'), (a) => a.href));
    for (const link of links) {
      const u = new URL(link);
      // Pages end in a slash; files (the PDF, images) are not pages to check.
      if (u.origin !== origin || !u.pathname.endsWith('/') || seen.has(u.pathname)) continue;
      seen.add(u.pathname);
      queue.push(u.pathname);
    }
  }
  return [...seen].sort();
}

/**
 * Checks `paths` at every width and scheme, one subtest each; `expect` vets each response
 * before axe runs, so a wrong page is never the one that passes.
 */
async function checkAll(t, { page, url, server, timeline }, paths, expect) {
  for (const { width, height } of WIDTHS) {
    await page.setViewportSize({ width, height });
    for (const colorScheme of SCHEMES) {
      await page.emulateMedia({ colorScheme });
      for (const path of paths) {
        const where = `${path} at ${width}px, ${colorScheme} scheme`;
        await t.test(where, async () => {
          timeline.reset();
          try {
            const response = await page.goto(new URL(path, url).href);
            await expect(page, response, path);
            const seen = await page.evaluate(
              (scheme) => ({ width: innerWidth, scheme: matchMedia(`(prefers-color-scheme: ${scheme})`).matches }),
              colorScheme,
            );
            assert.deepEqual(seen, { width, scheme: true }, `the page is not shown at ${width}px, ${colorScheme}`);
            const found = await violations(page);
            if (found.length > 0) assert.fail(report(found, where));
          } catch (e) {
            // A finding speaks for itself; anything else needs the server's and browser's side.
            if (e instanceof assert.AssertionError) throw e;
            throw explain(e, server, timeline);
          }
        });
      }
    }
  }
}

async function withServedSite(body) {
  // A site that overrides templates has the folder already; its first override is a new file.
  const copy = await copyExampleSite((site) => mkdir(join(site, 'templates')));
  let server;
  let context;
  let timeline;
  try {
    server = await startServer(copy.site);
    context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    timeline = recordTimeline(page);
    await body({ site: copy.site, url: server.url, page, server, timeline });
  } catch (e) {
    if (e instanceof assert.AssertionError) throw e;
    throw explain(e, server, timeline);
  } finally {
    await context?.close();
    await server?.stop();
    await copy.remove();
  }
}

async function expectPage(page, response, path) {
  if (path === MISSING_PATH) {
    assert.equal(response.status(), 404, `${path} answered ${response.status()}`);
    assert.equal(await page.locator('body.kind-not_found').count(), 1, `${path} is not the site's 404 page`);
  } else {
    assert.equal(response.status(), 200, `${path} answered ${response.status()}`);
  }
}

test('every page of the example site has no axe violations', { timeout: TEST_TIMEOUT_MS }, async (t) => {
  await withServedSite(async (served) => {
    const { site, url, page } = served;
    const paths = await sitePages(page, url, site);
    for (const expected of ['/', '/updates/']) {
      assert.ok(paths.includes(expected), `no ${expected} among ${paths.join(', ')}`);
    }
    await checkAll(t, served, [...paths, MISSING_PATH], expectPage);
  });
});

test('the error overlay of the preview has no axe violations', { timeout: TEST_TIMEOUT_MS }, async (t) => {
  await withServedSite(async (served) => {
    const { site, url, page } = served;
    // The page is open when the template breaks, as it is for a user, and reloads into the overlay.
    await openLive(page, url);
    await writeFile(join(site, 'templates', 'index.html'), '{{ x | nosuchfilter }}\n');
    await page.locator('#trustpage-overlay').waitFor({ state: 'visible', timeout: 10_000 });
    await served.server.quiet();
    const withOverlay = async (p, response, path) => {
      await expectPage(p, response, path);
      assert.equal(await p.locator('#trustpage-overlay').count(), 1, `${path} has no overlay`);
    };
    await checkAll(t, served, ['/', '/encryption/', MISSING_PATH], withOverlay);
  });
});
