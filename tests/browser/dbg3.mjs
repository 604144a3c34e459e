import { copyExampleSite, startServer, sleep } from './support.mjs';
import net from 'node:net';
const copy = await copyExampleSite();
function get(port, path, keep) {
  return new Promise((res) => {
    const t0 = Date.now();
    const s = net.connect(port, '127.0.0.1', () => s.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`));
    let got = false;
    s.on('data', (d) => { if (!got) { got = true; res({ ms: Date.now() - t0, s }); } });
    setTimeout(() => { if (!got) { res({ ms: 'stalled', s }); } }, 3000);
  });
}
for (let run = 0; run < 8; run++) {
  const server = await startServer(copy.site);
  const port = new URL(server.url).port;
  const held = [await get(port, '/'), await get(port, '/')];
  const burst = await Promise.all(Array.from({ length: 5 }, () => get(port, '/logo.svg')));
  console.log('run', run, burst.map((b) => b.ms).join(' '));
  [...held, ...burst].forEach((b) => b.s.destroy());
  await server.stop();
}
await copy.remove();
