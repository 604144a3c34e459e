import { copyExampleSite, launchBrowser, startServer, sleep } from './support.mjs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
const copy = await copyExampleSite();
const server = await startServer(copy.site);
const browser = await launchBrowser();
const page = await (await browser.newContext()).newPage();
const t0 = Date.now();
page.on('request', r => console.log(Date.now()-t0, 'req', r.url()));
page.on('requestfinished', r => console.log(Date.now()-t0, 'fin', r.url()));
page.on('requestfailed', r => console.log(Date.now()-t0, 'failed', r.url(), r.failure()?.errorText));
page.on('framenavigated', f => console.log(Date.now()-t0, 'nav', f.url()));
page.on('console', m => console.log(Date.now()-t0, 'console', m.type(), m.text()));
await mkdir(join(copy.site, 'templates'), { recursive: true });
await writeFile(join(copy.site, 'templates', 'page.html'), '{{ x | nosuchfilter }}\n');
for (;;) { const html = await (await fetch(server.url)).text(); if (html.includes('id="trustpage-overlay"')) break; await sleep(50); }
console.log(Date.now()-t0, 'overlay served');
try { await page.goto(server.url, { timeout: 8000 }); console.log('loaded'); } catch (e) { console.log('ERR', e.message.split('\n')[0]); }
await browser.close(); await server.stop(); console.log(server.output()); await copy.remove();
