// The share kit in `trustpage serve`, in a real browser: every badge and the card load from the
// preview server, every post and embed code is shown whole, the Copy buttons copy the text with
// the published address (and say so in a live region), and they are set in the page's font.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { copyExampleSite, explain, launchBrowser, startServer, watchForErrors } from './support.mjs';

const PUBLISHED = 'https://trust.fernlight.example/';
const TEST_TIMEOUT_MS = 90_000;

let browser;
let copy;
let server;
before(async () => {
  browser = await launchBrowser();
  copy = await copyExampleSite();
  server = await startServer(copy.site);
});
after(async () => {
  await browser?.close();
  await server?.stop();
  await copy?.remove();
});

/** Opens the share kit of `lang` at `width` px, with the clipboard allowed, and runs `body`. */
async function withShareKit({ width, lang = 'en', scheme = 'light' }, body) {
  const origin = new URL(server.url).origin;
  const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme });
  try {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const errors = watchForErrors(page);
    const path = lang === 'en' ? 'share/' : `${lang}/share/`;
    const response = await page.goto(new URL(path, server.url).href, { waitUntil: 'load' });
    assert.equal(response.status(), 200);
    await body({ page, origin });
    assert.deepEqual(errors, [], 'the browser console showed errors');
  } catch (e) {
    throw explain(e, server);
  } finally {
    await context.close();
  }
}

for (const width of [375, 1280]) {
  for (const lang of ['en', 'ja']) {
    test(`${lang} share kit at ${width} px: previews load from the preview server, posts are whole`, { timeout: TEST_TIMEOUT_MS }, async () => {
      await withShareKit({ width, lang }, async ({ page, origin }) => {
        const images = await page.$$eval('.share-kit img', (imgs) =>
          imgs.map((img) => ({ src: img.currentSrc, width: img.naturalWidth, complete: img.complete })),
        );
        // Every badge of the example site, and the card.
        const badges = await page.locator('.share-badge').count();
        assert.ok(badges >= 5, `only ${badges} badges`);
        assert.equal(images.length, badges + 1, JSON.stringify(images));
        for (const img of images) {
          assert.ok(img.complete && img.width > 0, `${img.src} did not load`);
          assert.equal(new URL(img.src).origin, origin, `${img.src} is not from the preview server`);
        }

        const note = page.locator('.share-preview-note');
        assert.ok(await note.isVisible(), 'no note says where the links point');
        assert.ok((await note.innerText()).includes(PUBLISHED), await note.innerText());

        const cut = await page.$$eval('.share-text, .share-embed', (boxes) =>
          boxes
            .filter((b) => b.scrollHeight > b.clientHeight || b.scrollWidth > b.clientWidth)
            .map((b) => `${b.id}: ${b.scrollWidth}x${b.scrollHeight} in ${b.clientWidth}x${b.clientHeight}`),
        );
        assert.ok((await page.locator('.share-text').count()) > 10, 'the example site has posts');
        assert.deepEqual(cut, [], 'a post or embed code is cut off');
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow} px`);
      });
    });
  }
}

test('copy buttons copy the text with the published address and say so', { timeout: TEST_TIMEOUT_MS }, async () => {
  await withShareKit({ width: 1280 }, async ({ page }) => {
    const buttons = page.locator('button[data-copy]');
    const boxes = await page.locator('.share-text, .share-embed').count();
    assert.equal(await buttons.count(), boxes, 'a copy button for every post and embed code');

    for (const id of ['post-soc2-2026-linkedin', 'embed-1-html', 'embed-1-md']) {
      const button = page.locator(`button[data-copy="${id}"]`);
      assert.ok(await button.isVisible(), `no visible copy button for ${id}`);
      await button.click();
      const status = button.locator('xpath=..').locator('[role="status"]');
      await status.filter({ hasText: 'Copied' }).waitFor({ timeout: 2_000 });
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      const shown = await page.locator(`#${id}`).textContent();
      assert.equal(copied, shown, `${id}: the clipboard holds something else than the box shows`);
      assert.ok(copied.includes(PUBLISHED), `${id}: ${copied}`);
      assert.ok(!copied.includes('127.0.0.1'), `${id} copies the preview's address: ${copied}`);
    }
  });
});

test('buttons are set in the page font, in light and dark', { timeout: TEST_TIMEOUT_MS }, async () => {
  for (const scheme of ['light', 'dark']) {
    await withShareKit({ width: 375, scheme }, async ({ page }) => {
      const fonts = await page.evaluate(() => {
        const body = getComputedStyle(document.body).fontFamily;
        const buttons = [...document.querySelectorAll('.share-kit .button')].map((b) => getComputedStyle(b).fontFamily);
        return { body, buttons };
      });
      assert.ok(fonts.buttons.length > 10);
      for (const f of fonts.buttons) assert.equal(f, fonts.body, 'a button is not in the page font');
    });
  }
});
