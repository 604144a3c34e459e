// The cross-site scripting corpus (tests/xss/corpus.txt): every vector is put into a page of
// its own and into a trust.toml Markdown field (an FAQ answer) of one site, which `trustpage
// build` builds. Each page is then loaded in Chromium from a plain server that sends no
// Content-Security-Policy, so the sanitizer alone stands between the vector and the reader:
// no script may run, and the document may hold no handler, script URL, frame, foreign script
// or other active element.
import { mkdtemp, readFile, rm, writeFile, appendFile, mkdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { REPO, launchBrowser, runTrustpage } from './support.mjs';

/** The vectors, with `\n` turned into line breaks (lines starting with `%% ` are comments). */
async function corpus() {
  const text = await readFile(join(REPO, 'tests', 'xss', 'corpus.txt'), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('%% '))
    .map((line) => line.replaceAll('\\n', '\n'));
}

/** A TOML basic string holding `s` exactly. */
function tomlString(s) {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0);
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (c < 0x20 || c === 0x7f) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

const id = (i) => String(i).padStart(3, '0');

/** Serves `root` as files, with no security headers at all. */
function serve(root) {
  const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.svg': 'image/svg+xml' };
  const server = createServer(async (req, res) => {
    let path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (path.includes('..')) return res.writeHead(400).end();
    if (path.endsWith('/')) path += 'index.html';
    try {
      const body = await readFile(join(root, path));
      res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Runs in the page: everything in the document that can run or that the sanitizer must drop. */
function findActive() {
  const bad = [];
  const urlAttrs = new Set(['href', 'src', 'action', 'formaction', 'data', 'cite', 'xlink:href', 'poster', 'background', 'ping', 'srcset']);
  const neverAllowed = new Set([
    'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'portal', 'form', 'isindex', 'template',
    'textarea', 'select', 'noscript', 'xmp', 'noembed', 'noframes', 'plaintext', 'video', 'audio', 'marquee',
    'dialog', 'keygen', 'handler',
  ]);
  const inContent = new Set(['svg', 'math', 'style', 'link', 'meta', 'button', 'image']);
  const describe = (el) => el.outerHTML.slice(0, 160);
  for (const el of document.querySelectorAll('*')) {
    const tag = el.localName;
    for (const a of el.attributes) {
      const name = a.name.toLowerCase();
      const value = a.value.replace(/[\u0000-\u0020]/g, '').toLowerCase();
      if (name.startsWith('on')) bad.push(`handler ${name}: ${describe(el)}`);
      if (name === 'srcdoc' || name === 'style' || name === 'formaction') bad.push(`attribute ${name}: ${describe(el)}`);
      if (urlAttrs.has(name) && /^(javascript|vbscript|data|livescript):/.test(value)) bad.push(`script URL in ${name}: ${describe(el)}`);
      if (tag === 'meta' && name === 'http-equiv') bad.push(`meta http-equiv: ${describe(el)}`);
    }
    if (neverAllowed.has(tag)) bad.push(`element ${tag}: ${describe(el)}`);
    if (inContent.has(tag) && el.closest('.prose')) bad.push(`element ${tag} in content: ${describe(el)}`);
  }
  for (const s of document.querySelectorAll('script')) {
    const theme = s.type === 'application/ld+json' || (s.src && new URL(s.src).origin === location.origin && new URL(s.src).pathname.includes('/assets/'));
    if (!theme) bad.push(`script: ${describe(s)}`);
  }
  return bad;
}

let root;
let site;
let server;
let browser;
let vectors;

before(async () => {
  vectors = await corpus();
  assert.ok(vectors.length >= 200, `the corpus holds ${vectors.length} vectors; it must hold at least 200`);
  root = await mkdtemp(join(tmpdir(), 'trustpage-xss-'));
  site = join(root, 'site');
  const init = runTrustpage(['init', site]);
  assert.equal(init.status, 0, `trustpage init failed: ${init.stderr}`);
  await mkdir(join(site, 'content'), { recursive: true });
  // The files the vectors point at (`src=x`), so the build's link check finds them.
  const targets = ['x', 'x.png', '1'];
  for (const dir of ['', ...vectors.map((_, i) => `xss-${id(i)}`)]) {
    await mkdir(join(site, 'static', dir), { recursive: true });
    for (const t of targets) await writeFile(join(site, 'static', dir, t), '');
  }
  let faq = '';
  for (const [i, vector] of vectors.entries()) {
    await writeFile(join(site, 'content', `xss-${id(i)}.md`), `+++\ntitle = "Case ${id(i)}"\n+++\n\nXSS-CASE-${id(i)}\n\n${vector}\n`);
    faq += `\n[[faq]]\nid = "case-${id(i)}"\nquestion = "Case ${id(i)}"\nanswer = ${tomlString(`XSS-FAQ-${id(i)}\n\n${vector}`)}\n`;
  }
  await appendFile(join(site, 'trust.toml'), faq);
  const built = runTrustpage(['build', site]);
  assert.equal(built.status, 0, `trustpage build failed:\n${built.stderr}`);
  server = await serve(join(site, 'public'));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

/** Loads `path` in `page`, gives handlers a moment to fire, and returns what ran and what is there. */
async function visit(page, path) {
  const { port } = server.address();
  await page.goto(`http://127.0.0.1:${port}/${path}`, { waitUntil: 'load' });
  await page.waitForTimeout(30);
  return { ran: await page.evaluate(() => window.__ran), active: await page.evaluate(findActive), text: await page.textContent('body') };
}

/** A tab that records every call of the dialog functions the vectors call. */
async function recordingTab() {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    window.__ran = [];
    for (const name of ['alert', 'confirm', 'prompt', 'print']) {
      window[name] = (...args) => window.__ran.push(`${name}(${args.join(',')})`);
    }
  });
  return page;
}

test('no vector of the corpus runs or leaves active content on its page', async () => {
  const failures = [];
  let next = 0;
  // A few tabs side by side, each taking the next page.
  const worker = async () => {
    const page = await recordingTab();
    try {
      for (let i = next++; i < vectors.length; i = next++) {
        const { ran, active, text } = await visit(page, `xss-${id(i)}/`);
        assert.ok(text.includes(`XSS-CASE-${id(i)}`), `page of case ${id(i)} not built as expected`);
        if (ran.length || active.length) failures.push(`case ${id(i)} ${JSON.stringify(vectors[i])}: ${[...ran, ...active].join('; ')}`);
      }
    } finally {
      await page.close();
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  failures.sort();
  assert.deepEqual(failures, [], `${failures.length} of ${vectors.length} vectors got through in a page`);
});

test('no vector of the corpus runs or leaves active content in a trust.toml field', async () => {
  const page = await recordingTab();
  const { ran, active, text } = await visit(page, '');
  await page.close();
  for (let i = 0; i < vectors.length; i++) {
    assert.ok(text.includes(`XSS-FAQ-${id(i)}`), `FAQ answer of case ${id(i)} missing from the home page`);
  }
  assert.deepEqual([...ran, ...active], [], 'vectors got through in the FAQ answers of the home page');
});
