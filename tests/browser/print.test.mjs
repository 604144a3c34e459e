// Paper: what a reader gets when they print the example site from Debian's Chromium. The
// one-page summary fits on two sheets of A4 and of Letter in both languages; a printed page has
// no navigation, writes out the address of a link to elsewhere, and prints the content of a
// collapsed block; nothing is printed on a dark fill. The PDF Chromium writes is read back for
// its text, so the checks are on what ends up on paper.
import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import { after, before, test } from 'node:test';

import { copyExampleSite, explain, launchBrowser, startServer } from './support.mjs';

const SHEETS = ['A4', 'Letter'];
const MAX_SUMMARY_PAGES = 2;
const TEST_TIMEOUT_MS = 120_000;

let browser;
let copy;
let server;
before(async () => {
  copy = await copyExampleSite();
  server = await startServer(copy.site);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  await copy?.remove();
});

/**
 * The pages and the text of a PDF as Chromium writes it: each object read by its `/Length`,
 * Flate streams inflated, and every string shown with `Tj` or `TJ` mapped back to Unicode
 * through its font's `/ToUnicode` map (Chromium writes glyph ids, never plain text).
 */
function readPdf(bytes) {
  const text = bytes.toString('latin1');
  const objects = new Map();
  const head = /(\d+) 0 obj\s*/g;
  let m;
  while ((m = head.exec(text))) {
    const start = m.index + m[0].length;
    const streamAt = text.indexOf('stream', start);
    const endAt = text.indexOf('endobj', start);
    let dict = text.slice(start, endAt);
    let stream = null;
    if (streamAt !== -1 && streamAt < endAt) {
      dict = text.slice(start, streamAt);
      const length = Number(/\/Length (\d+)/.exec(dict)?.[1]);
      const dataAt = streamAt + 'stream'.length + (text[streamAt + 6] === '\r' ? 2 : 1);
      const raw = bytes.subarray(dataAt, dataAt + length);
      stream = dict.includes('/FlateDecode') ? inflateSync(raw) : raw;
      head.lastIndex = dataAt + length;
    } else {
      head.lastIndex = endAt;
    }
    objects.set(m[1], { dict, stream });
  }
  const ref = (s, key) => new RegExp(`/${key} (\\d+) 0 R`).exec(s)?.[1];
  const unicodeOf = (fontId) => {
    const cmapId = ref(objects.get(fontId)?.dict ?? '', 'ToUnicode');
    const cmap = new Map();
    const source = cmapId ? objects.get(cmapId).stream.toString('latin1') : '';
    // Two hex digits a code for the fonts Chromium writes as simple fonts, four for the others.
    cmap.width = /begincodespacerange\s*<([0-9A-Fa-f]+)>/.exec(source)?.[1].length ?? 4;
    const hex = (h) => String.fromCodePoint(...(h.match(/.{4}/g) ?? []).map((u) => parseInt(u, 16)));
    for (const block of source.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
      for (const [, code, uni] of block[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
        cmap.set(parseInt(code, 16), hex(uni));
      }
    }
    for (const block of source.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
      for (const [, lo, hi, uni] of block[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
        for (let c = parseInt(lo, 16); c <= parseInt(hi, 16); c++) {
          cmap.set(c, String.fromCodePoint(parseInt(uni, 16) + c - parseInt(lo, 16)));
        }
      }
    }
    return cmap;
  };
  const pages = [...objects.values()].filter((o) => /\/Type\s*\/Page\b(?!s)/.test(o.dict));
  const pageTexts = pages.map((page) => {
    let resources = page.dict;
    const resourcesId = ref(page.dict, 'Resources');
    if (resourcesId) resources = objects.get(resourcesId).dict;
    const fonts = new Map();
    const fontDict = /\/Font\s*<<([\s\S]*?)>>/.exec(resources)?.[1] ?? '';
    for (const [, name, id] of fontDict.matchAll(/\/(\S+?) (\d+) 0 R/g)) fonts.set(name, unicodeOf(id));
    const contents = /\/Contents\s*(\[[^\]]*\]|\d+ 0 R)/.exec(page.dict)?.[1] ?? '';
    let out = '';
    for (const [, id] of contents.matchAll(/(\d+) 0 R/g)) {
      const ops = objects.get(id).stream.toString('latin1');
      let cmap = new Map();
      for (const [, font, shown] of ops.matchAll(/\/(\S+) [\d.]+ Tf|(\[[^\]]*\]\s*TJ|<[0-9A-Fa-f]*>\s*Tj)/g)) {
        if (font) {
          cmap = fonts.get(font) ?? new Map();
          continue;
        }
        const width = new RegExp(`.{${cmap.width ?? 4}}`, 'g');
        for (const [, h] of shown.matchAll(/<([0-9A-Fa-f]*)>/g)) {
          for (const code of h.match(width) ?? []) out += cmap.get(parseInt(code, 16)) ?? '';
        }
        out += ' ';
      }
    }
    return out;
  });
  return { pages: pages.length, text: pageTexts.join('\n') };
}

/** Whitespace left out and ligatures (ﬁ) undone: a phrase is found however the printout set it. */
const squeeze = (s) => s.normalize('NFKC').replace(/\s+/g, '');

async function printed(page, path, format = 'A4') {
  await page.goto(new URL(path, server.url).href);
  return readPdf(await page.pdf({ format }));
}

test('the one-page summary prints on at most two sheets of A4 and of Letter, in both languages', { timeout: TEST_TIMEOUT_MS }, async () => {
  const page = await browser.newPage();
  try {
    for (const path of ['/summary/', '/ja/summary/']) {
      for (const format of SHEETS) {
        const pdf = await printed(page, path, format);
        assert.ok(pdf.pages >= 1 && pdf.pages <= MAX_SUMMARY_PAGES, `${path} on ${format}: ${pdf.pages} pages`);
        // The sheets carry the summary, not blank paper: the current claims and the contact.
        for (const phrase of ['SOC 2 Type II', 'ISO/IEC 27001:2022', 'PCI DSS', 'security@fernlight.example', 'Amazon Web Services']) {
          assert.ok(squeeze(pdf.text).includes(squeeze(phrase)), `${path} on ${format} lacks ${phrase}:\n${pdf.text}`);
        }
        // Planned work is no claim.
        assert.ok(!squeeze(pdf.text).includes('27701'), `${path} on ${format} claims the planned ISO/IEC 27701`);
      }
    }
  } catch (e) {
    throw explain(e, server);
  } finally {
    await page.close();
  }
});

test('a printed page has no navigation and writes out where its external links lead', { timeout: TEST_TIMEOUT_MS }, async () => {
  const page = await browser.newPage();
  try {
    const pdf = await printed(page, '/');
    const text = squeeze(pdf.text);
    await page.emulateMedia({ media: 'print' });
    // The header's navigation, the language switcher and the skip link stay on screen.
    const shownNav = await page.evaluate(() =>
      [...document.querySelectorAll('nav, .skip-link')]
        .filter((el) => el.checkVisibility({ visibilityProperty: true }))
        .map((el) => el.outerHTML.slice(0, 120)),
    );
    assert.deepEqual(shownNav, [], 'navigation printed');
    assert.ok(!text.includes('日本語'), 'the language switcher is on paper');
    assert.ok(!text.includes(squeeze('Skip to main content')), 'the skip link is on paper');
    // A link to another site, with words of its own, is followed by its address.
    const link = await page.evaluate(() => {
      // Words a reader sees: no text hidden for screen readers only inside the link.
      const a = [...document.querySelectorAll('main a[href^="https://"]')].find(
        (el) =>
          el.checkVisibility() &&
          !el.querySelector('.visually-hidden') &&
          el.textContent.trim() &&
          !el.textContent.includes(el.getAttribute('href')),
      );
      return a && { words: a.textContent.trim(), href: a.getAttribute('href') };
    });
    assert.ok(link, 'the home page has an external link with words of its own');
    assert.ok(text.includes(squeeze(`${link.words} (${link.href})`)), `${link.href} not written out after "${link.words}"`);
  } catch (e) {
    throw explain(e, server);
  } finally {
    await page.close();
  }
});

test('the content of a collapsed block is on paper', { timeout: TEST_TIMEOUT_MS }, async () => {
  const page = await browser.newPage();
  try {
    await page.goto(new URL('/', server.url).href);
    // The first collapsed block of the page, and words of its content that a reader on screen
    // does not see until they open it.
    const hidden = await page.evaluate(() => {
      const details = [...document.querySelectorAll('main details:not([open])')][0];
      if (!details) return null;
      const inside = [...details.children].filter((el) => el.tagName !== 'SUMMARY');
      const el = inside.find((e) => e.textContent.trim().length > 3);
      return el && { words: el.textContent.trim().slice(0, 40), visible: el.checkVisibility() };
    });
    assert.ok(hidden, 'the home page has a collapsed <details> block with content');
    assert.equal(hidden.visible, false, 'the block is collapsed on screen');
    // On paper the block is open: every part of its content is laid out (its words may also be
    // elsewhere on the page, so the PDF alone would not tell)...
    await page.emulateMedia({ media: 'print' });
    const printedParts = await page.evaluate(() => {
      const details = [...document.querySelectorAll('main details:not([open])')][0];
      return [...details.children].filter((el) => el.tagName !== 'SUMMARY').map((el) => el.checkVisibility());
    });
    assert.ok(printedParts.every(Boolean), `parts of the collapsed block left off the printout: ${printedParts}`);
    // ...and its words are in the PDF.
    const pdf = readPdf(await page.pdf({ format: 'A4' }));
    assert.ok(squeeze(pdf.text).includes(squeeze(hidden.words)), `"${hidden.words}" is not in the printout`);
  } catch (e) {
    throw explain(e, server);
  } finally {
    await page.close();
  }
});

test('nothing is printed on a dark fill, even from the dark colour scheme', { timeout: TEST_TIMEOUT_MS }, async () => {
  const page = await browser.newPage({ colorScheme: 'dark' });
  try {
    for (const path of ['/', '/summary/', '/encryption/', '/subprocessors/']) {
      await page.goto(new URL(path, server.url).href);
      await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
      const dark = await page.evaluate(() => {
        // Relative luminance of a computed colour; transparent counts as the white paper.
        const luminance = (css) => {
          const [r, g, b, a = 1] = css.match(/[\d.]+/g).map(Number);
          if (a === 0) return 1;
          const lin = (c) => ((c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
          return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
        };
        return [...document.querySelectorAll('body, body *')]
          .filter((el) => el.checkVisibility())
          .map((el) => ({ el, style: getComputedStyle(el) }))
          .filter(({ el, style }) => {
            const hasText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
            return luminance(style.backgroundColor) < 0.5 || (hasText && luminance(style.color) > 0.4);
          })
          .map(({ el, style }) => `${el.tagName.toLowerCase()}.${el.className}: ${style.backgroundColor} / ${style.color}`)
          .slice(0, 10);
      });
      assert.deepEqual(dark, [], `${path} printed with dark fills or light text`);
      await page.emulateMedia({ media: 'screen' });
    }
  } catch (e) {
    throw explain(e, server);
  } finally {
    await page.close();
  }
});
