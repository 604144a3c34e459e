import { copyExampleSite, startServer, sleep } from './support.mjs';
import http from 'node:http';
const copy = await copyExampleSite();
const server = await startServer(copy.site);
const u = new URL(server.url);
const agents = [];
for (let round = 0; round < 10; round++) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 20, keepAliveMsecs: 1000 });
  agents.push(agent);
  const t0 = Date.now();
  const n = 2 + (round % 5);
  const times = await Promise.all(Array.from({ length: n }, (_, i) => new Promise((res) => {
    const req = http.get({ host: u.hostname, port: u.port, path: '/logo.svg', agent, timeout: 8000 }, (r) => { r.resume(); r.on('end', () => res(Date.now() - t0)); });
    req.on('timeout', () => { res('timeout'); req.destroy(); });
  })));
  console.log('round', round, 'n', n, times.join(' '));
  if (round % 3 == 2) { agents.shift().destroy(); }
  await sleep(100);
}
agents.forEach(a => a.destroy());
await server.stop(); await copy.remove();
