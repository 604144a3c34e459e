// The built example site under its own `_headers`: every page loads in Chromium with the
// Content-Security-Policy trustpage wrote, styles and all, and not one violation is reported.
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { EXAMPLE_SITE, launchBrowser, runTrustpage } from './support.mjs';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.pdf': 'application/pdf',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
};

/** `_headers` as a CDN reads it: a path pattern, then indented `Name: value` lines. */
function parseHeaders(text) {
  const rules = [];
  for (const line of text.split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    if (!line.startsWith(' ')) {
      rules.push({ pattern: line.trim(), headers: [] });
    } else {
      const at = line.indexOf(':');
      rules.at(-1).headers.push([line.slice(0, at).trim(), line.slice(at + 1).trim()]);
    }
  }
  return rules;
}

function matches(pattern, path) {
  return pattern.endsWith('*') ? path.startsWith(pattern.slice(0, -1)) : path === pattern;
}

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
  const rules = parseHeaders(await readFile(join(out, '_headers'), 'utf8'));
  server = http.createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = join(out, path);
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      for (const rule of rules.filter((r) => matches(r.pattern, path))) {
        for (const [name, value] of rule.headers) res.setHeader(name, value);
      }
      res.setHeader('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
      res.end(body);
    } catch {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${server.address().port}`;
  pages = await htmlPages(out);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
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
