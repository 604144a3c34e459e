// `trustpage serve` in a real browser: a page left open while the user edits the site must show
// each saved change by itself, show a broken build on the page instead of going blank, and never
// put an error in the console while doing so.
import assert from 'node:assert/strict';
import { appendFile, copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import {
  DEFAULT_THEME,
  copyExampleSite,
  explain,
  launchBrowser,
  openLive,
  recordTimeline,
  startServer,
  watchForErrors,
} from './support.mjs';

/** What a user waits, at most, between saving a file and seeing it in the open page. */
const RELOAD_BUDGET_MS = 2_000;
const TEST_TIMEOUT_MS = 60_000;

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** Runs `body` with a served copy of the example site and a fresh page, and cleans up after. */
async function withServedSite(prepare, body) {
  const copy = await copyExampleSite(prepare);
  let server;
  let context;
  let timeline;
  try {
    server = await startServer(copy.site);
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    timeline = recordTimeline(page);
    const errors = watchForErrors(page);
    await body({ site: copy.site, url: server.url, page, server });
    // The page stays open until here, so errors from the last reload are counted too.
    assert.deepEqual(errors, [], 'the browser console showed errors');
  } catch (e) {
    throw explain(e, server, timeline);
  } finally {
    // The page goes before the server, so its event stream is not cut from under it.
    await context?.close();
    await server?.stop();
    await copy.remove();
  }
}

const EDIT_RELOAD_OVERLAY = 'saving trust.toml reloads the open page; a broken template shows the overlay until fixed';
test(EDIT_RELOAD_OVERLAY, { timeout: TEST_TIMEOUT_MS }, async () => {
  // The folder is there before the server starts, so breaking a template is one saved file.
  const prepare = (site) => mkdir(join(site, 'templates'));
  await withServedSite(prepare, async ({ site, url, page, server }) => {
    await openLive(page, url);
    const heading = page.locator('h1');
    assert.match(await heading.innerText(), /Fernlight/);

    // A reload starts a new document, which loses this; anything else keeps it.
    await page.evaluate(() => {
      window.__trustpageBeforeReload = true;
    });
    const trustToml = join(site, 'trust.toml');
    const original = await readFile(trustToml, 'utf8');
    const renamed = original.replace(/^name = "Fernlight"$/m, 'name = "Quillmoor Health"');
    assert.notEqual(renamed, original, 'the example trust.toml no longer names the company "Fernlight"');
    await writeFile(trustToml, renamed);
    await heading.filter({ hasText: 'Quillmoor Health' }).waitFor({ timeout: RELOAD_BUDGET_MS });
    const survived = await page.evaluate(() => window.__trustpageBeforeReload);
    assert.equal(survived, undefined, 'the page changed without reloading');
    assert.equal(await page.locator('#trustpage-overlay').count(), 0);
    await server.quiet();

    // Broken: the open page, and every other page, keep the last good site under the overlay.
    const broken = join(site, 'templates', 'index.html');
    await writeFile(broken, '{{ x | nosuchfilter }}\n');
    const overlay = page.locator('#trustpage-overlay[role="alert"]');
    await overlay.waitFor({ state: 'visible', timeout: RELOAD_BUDGET_MS });
    assert.match(await overlay.innerText(), /templates\/index\.html/, 'the overlay does not name the broken file');
    assert.match(await heading.innerText(), /Quillmoor Health/, 'the last good page is no longer shown');
    await server.quiet();

    await openLive(page, new URL('encryption/', url).href);
    await overlay.waitFor({ state: 'visible' });
    assert.match(await page.locator('main h1').innerText(), /Encryption/);

    // Fixed: the overlay leaves by itself, on the page that was open when it was fixed.
    await rm(broken);
    await overlay.waitFor({ state: 'detached', timeout: RELOAD_BUDGET_MS });
    assert.match(await page.locator('main h1').innerText(), /Encryption/);
  });
});

const CSS_IN_PLACE = 'a stylesheet-only change restyles the open page in place, without reloading it';
test(CSS_IN_PLACE, { timeout: TEST_TIMEOUT_MS }, async () => {
  const prepare = async (site) => {
    // The site's own style.css replaces the theme's; a copy of it keeps the page styled.
    await mkdir(join(site, 'static', 'assets'), { recursive: true });
    await copyFile(join(DEFAULT_THEME, 'static', 'assets', 'style.css'), join(site, 'static', 'assets', 'style.css'));
  };
  await withServedSite(prepare, async ({ site, url, page }) => {
    await openLive(page, url);
    const navigations = [];
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations.push(frame.url());
    });
    await page.evaluate(() => {
      window.__trustpageKept = 'still here';
    });
    const outline = () => page.evaluate(() => getComputedStyle(document.body).outlineColor);
    assert.notEqual(await outline(), 'rgb(1, 2, 3)');

    await appendFile(join(site, 'static', 'assets', 'style.css'), '\nbody { outline: 3px solid rgb(1, 2, 3) }\n');
    await page.waitForFunction(
      () => getComputedStyle(document.body).outlineColor === 'rgb(1, 2, 3)',
      null,
      { timeout: RELOAD_BUDGET_MS, polling: 25 },
    );
    assert.equal(await page.evaluate(() => window.__trustpageKept), 'still here', 'the page reloaded');
    assert.deepEqual(navigations, [], 'the page navigated');

    // The old sheet goes once the fresh one has loaded, so the page ends with exactly one.
    const styleLinks = 'link[rel="stylesheet"][href*="/assets/style.css"]';
    const one = (selector) => document.querySelectorAll(selector).length === 1;
    await page.waitForFunction(one, styleLinks, { timeout: RELOAD_BUDGET_MS }).catch(() => {});
    const left = await page.$$eval(styleLinks, (links) => links.map((l) => l.href));
    assert.equal(left.length, 1, `style.css is linked ${left.length} times: ${left.join(', ')}`);
  });
});

/** Holds one live-reload place with a plain socket, as a page would; resolves once it is held. */
function holdStream(port) {
  return new Promise((resolveHeld, rejectHeld) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(`GET /__trustpage/events HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
    });
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => {
      received += chunk;
      if (received.includes('event: hello')) resolveHeld(socket);
      else if (/^HTTP\/1\.1 (?!200)/.test(received)) rejectHeld(new Error(`stream refused: ${received}`));
    });
    socket.on('error', rejectHeld);
  });
}

const RETRY = 'a page refused a reload stream listens again once a place is free, and reloads on the next save';
test(RETRY, { timeout: TEST_TIMEOUT_MS }, async () => {
  const copy = await copyExampleSite();
  let server;
  let context;
  let timeline;
  const held = [];
  try {
    server = await startServer(copy.site);
    const { port } = new URL(server.url);
    // Every place taken (the server's cap is 32), so the page's first try is answered 503.
    for (let i = 0; i < 32; i += 1) held.push(await holdStream(port));
    context = await browser.newContext();
    const page = await context.newPage();
    timeline = recordTimeline(page);
    const isStream = (r) => new URL(r.url()).pathname === '/__trustpage/events';
    const refused = page.waitForResponse(isStream);
    await page.goto(server.url);
    assert.equal((await refused).status(), 503, 'the page got a place although all were taken');

    // The places free up: the page gets one by itself, within its backoff (at most 8 s).
    const accepted = page.waitForResponse((r) => isStream(r) && r.status() === 200, { timeout: 10_000 });
    for (const socket of held) socket.destroy();
    await accepted;

    const trustToml = join(copy.site, 'trust.toml');
    const original = await readFile(trustToml, 'utf8');
    await writeFile(trustToml, original.replace(/^name = "Fernlight"$/m, 'name = "Quillmoor Health"'));
    await page.locator('h1').filter({ hasText: 'Quillmoor Health' }).waitFor({ timeout: RELOAD_BUDGET_MS });
  } catch (e) {
    throw explain(e, server, timeline);
  } finally {
    for (const socket of held) socket.destroy();
    await context?.close();
    await server?.stop();
    await copy.remove();
  }
});
