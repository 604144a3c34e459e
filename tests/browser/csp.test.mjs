// The built example site under its own `_headers`: every page loads in Chromium with the
// Content-Security-Policy trustpage wrote, styles and all, and not one violation is reported.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { EXAMPLE_SITE, launchBrowser, runTrustpage } from './support.mjs';
import { serveStatic } from '../tools/static-host.mjs';

let dir;
let server;
let base;
let browser;
let pages = [];

async function htmlPages(root, prefix = '') {
  const out = [];
  for (const entry of await readdir(join(root, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await htmlPages(root, rel)));
    else if (entry.name === 'index.html') out.push(`/${prefix ? `${prefix}/` : ''}`);
  }
  return out;
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trustpage-csp-'));
  const out = join(dir, 'site');
  const built = runTrustpage(['build', EXAMPLE_SITE, '--output-dir', out]);
  assert.equal(built.status, 0, `trustpage build failed:\n${built.stderr}`);
  server = await serveStatic(out);
  base = server.url.replace(/\/$/, '');
  pages = await htmlPages(out);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('the built pages carry a policy without unsafe-inline', async () => {
  const headers = await readFile(join(dir, 'site', '_headers'), 'utf8');
  assert.match(headers, /Content-Security-Policy: default-src 'none';/);
  assert.doesNotMatch(headers, /unsafe-inline|unsafe-eval/);
  assert.ok(pages.length >= 10, `found only ${pages.length} pages`);
});

test('every page loads under its Content-Security-Policy with no violation', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const violations = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(m.text())) violations.push(`${page.url()}: ${m.text()}`);
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__violations = window.__violations ?? [];
      window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  for (const path of pages) {
    const response = await page.goto(base + path, { waitUntil: 'load' });
    assert.equal(response.status(), 200, path);
    assert.ok(response.headers()['content-security-policy'], `${path} was served without the policy`);
    const fromPage = await page.evaluate(() => window.__violations ?? []);
    violations.push(...fromPage.map((v) => `${path}: ${v}`));
    // The hashed stylesheets loaded (their integrity matched) and styled the page.
    const sheets = await page.evaluate(() => [...document.styleSheets].filter((s) => s.href && s.cssRules.length > 0).length);
    assert.ok(sheets >= 2, `${path}: only ${sheets} stylesheets applied`);
  }
  await context.close();
  assert.deepEqual(violations, []);
});
