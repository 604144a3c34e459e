// Shared by the browser tests of `trustpage serve`: a throwaway copy of the example site, the
// preview server running on it, and Debian's Chromium driven by playwright-core.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const EXAMPLE_SITE = join(REPO, 'example-site');
export const DEFAULT_THEME = join(REPO, 'themes', 'default');

/** The binary `cargo test` and `cargo build` leave behind; the tests never build it themselves. */
export const TRUSTPAGE = join(resolve(REPO, process.env.CARGO_TARGET_DIR ?? 'target'), 'debug', 'trustpage');

export const CHROMIUM = '/usr/bin/chromium';

/**
 * A fresh temporary folder that stands in for the user's home in a process a test starts:
 * `trustpage` keeps sharing cards in `$XDG_CACHE_HOME` (else `~/.cache`), and Chromium keeps
 * certificates and settings under the home, so no test reads or writes the real one.
 * `env` is the environment for the process; `remove()` deletes the folder.
 */
export function isolatedHome() {
  const home = mkdtempSync(join(tmpdir(), 'trustpage-test-home-'));
  return {
    home,
    env: {
      ...process.env,
      HOME: home,
      XDG_CACHE_HOME: join(home, '.cache'),
      XDG_CONFIG_HOME: join(home, '.config'),
      XDG_DATA_HOME: join(home, '.local', 'share'),
    },
    remove() {
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/**
 * Runs `program ARGS` to its end with a home of its own (see `isolatedHome`): what
 * `spawnSync` returns (`status`, `stdout`, `stderr`, and `error` when it could not start);
 * `cwd` and `env` (added to the home's environment) are optional.
 * Every process the tests start comes from here, `startServer` or `launchBrowser`.
 */
export function run(program, args, { cwd, env } = {}) {
  const home = isolatedHome();
  Object.assign(home.env, env);
  try {
    return spawnSync(program, args, { cwd, encoding: 'utf8', env: home.env, maxBuffer: 64 * 1024 * 1024 });
  } finally {
    home.remove();
  }
}

/**
 * `run`, without blocking this process while `program` runs (for a test that serves it
 * something meanwhile): resolves to `{ status, stdout, stderr }`. `env` is added to the
 * isolated home's environment.
 */
export function runAsync(program, args, { cwd, env } = {}) {
  const home = isolatedHome();
  Object.assign(home.env, env);
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { cwd, env: home.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', (e) => {
      home.remove();
      reject(e);
    });
    child.on('close', (status) => {
      home.remove();
      resolve({ status, stdout, stderr });
    });
  });
}

/** `run` of the trustpage binary, which must have been built. */
export function runTrustpage(args) {
  if (!existsSync(TRUSTPAGE)) throw new Error(`${TRUSTPAGE} is missing: run \`cargo build --locked\` first`);
  return run(TRUSTPAGE, args);
}

// Only the distribution's Chromium runs: playwright-core never fetches a browser of its own,
// and the browser is kept from calling home so a run depends on nothing but 127.0.0.1.
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** How long `trustpage serve` may take to build the example site and start listening. */
const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 5_000;

export async function launchBrowser() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (scripts/test.sh does)`);
  }
  // launch() gives every run a fresh, temporary profile, so nothing leaks between runs; the
  // home of its own keeps what Chromium writes beside the profile (~/.pki) out of the user's.
  // Loaded here, so that the tests that start no browser need no npm package to load this.
  const { chromium } = await import('playwright-core').catch((e) => {
    throw new Error(`playwright-core is missing (${e.message}): run ./scripts/test.sh, which runs \`npm ci\``);
  });
  const home = isolatedHome();
  try {
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
      timeout: 30_000,
      env: home.env,
    });
    browser.on('disconnected', () => home.remove());
    return browser;
  } catch (e) {
    home.remove();
    throw e;
  }
}

/**
 * Copies the example site into a new temporary folder, so a test can edit it freely.
 * `prepare` runs on the copy before any server sees it.
 */
export async function copyExampleSite(prepare) {
  const root = await mkdtemp(join(tmpdir(), 'trustpage-browser-'));
  const site = join(root, 'site');
  // A built `public/` in the checkout is output, not input: the copy starts clean.
  await cp(EXAMPLE_SITE, site, {
    recursive: true,
    filter: (src) => relative(EXAMPLE_SITE, src).split(sep)[0] !== 'public',
  });
  if (prepare) await prepare(site);
  return {
    site,
    async remove() {
      await rm(root, { recursive: true, force: true });
    },
  };
}

/**
 * Starts `trustpage serve SITE --port 0` and resolves once it prints the address it serves.
 * The returned `stop()` ends that one process and waits for it.
 */
export function startServer(site) {
  if (!existsSync(TRUSTPAGE)) {
    return Promise.reject(new Error(`${TRUSTPAGE} is missing: run \`cargo build --locked\` first`));
  }
  const home = isolatedHome();
  const child = spawn(TRUSTPAGE, ['serve', site, '--port', '0', '--bind', '127.0.0.1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: home.env,
  });
  // Should the test process die first, the server must not outlive it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let stdout = '';
  let stderr = '';
  let lastOutput = Date.now();
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', () => {
    lastOutput = Date.now();
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
    lastOutput = Date.now();
  });
  const exited = new Promise((resolveExit) => child.once('exit', (code, signal) => resolveExit({ code, signal })));

  const stop = async () => {
    process.removeListener('exit', killOnExit);
    // No pid: the process never started, so there is nothing to end or wait for.
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    home.remove();
  };

  // Every rebuild prints a line, so a server that has printed nothing for a while has no
  // rebuild running or about to run: one save can take two, and the second reloads open pages.
  const quiet = async (ms = 400, max = 5_000) => {
    const deadline = Date.now() + max;
    while (Date.now() - lastOutput < ms) {
      if (Date.now() > deadline) throw new Error(`trustpage serve kept rebuilding for ${max} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  return new Promise((resolveStart, rejectStart) => {
    let settled = false;
    const fail = async (why) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      await stop();
      rejectStart(new Error(`trustpage serve ${why}\n--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`));
    };
    const timer = setTimeout(() => fail(`printed no address within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    child.once('error', (e) => fail(`could not start: ${e.message}`));
    exited.then(({ code, signal }) => fail(`exited before serving (code ${code}, signal ${signal})`));
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const m = /^Serving (.+) at (http:\/\/127\.0\.0\.1:\d+\/) /m.exec(stdout);
      if (m && !settled) {
        settled = true;
        clearTimeout(timer);
        resolveStart({ title: m[1], url: m[2], stop, quiet, output: () => ({ stdout, stderr }) });
      }
    });
  });
}

/**
 * Watches a page for anything a trustpage user would see as broken in the browser console:
 * console errors, uncaught exceptions, and requests that fail outright.
 */
export function watchForErrors(page) {
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      const where = msg.location();
      errors.push(`console error: ${msg.text()}${where?.url ? ` (${where.url}:${where.lineNumber})` : ''}`);
    }
  });
  page.on('pageerror', (e) => errors.push(`uncaught exception: ${e.message}`));
  page.on('requestfailed', (request) => {
    const failure = request.failure()?.errorText ?? 'failed';
    // A reload cancels what the old page still had in flight; that is the reload working.
    if (failure === 'net::ERR_ABORTED') return;
    errors.push(`request failed: ${request.method()} ${request.url()} (${failure})`);
  });
  return errors;
}

/**
 * Opens `url` and waits until the page listens for rebuilds: an edit made before that could
 * otherwise go unnoticed by the test, though not by a user, whose page catches up on connect.
 */
export async function openLive(page, url) {
  const [response, events] = await Promise.all([
    page.goto(url),
    page.waitForResponse((r) => new URL(r.url()).pathname === '/__trustpage/events'),
  ]);
  if (response.status() !== 200) throw new Error(`${url} answered ${response.status()}`);
  if (events.status() !== 200) throw new Error(`the event stream answered ${events.status()}`);
}

/**
 * Records what the page asked of the server and when, so a failure in CI shows whether the
 * server, the reload script or the browser was the one that stalled.
 */
export function recordTimeline(page) {
  let started = Date.now();
  const lines = [];
  const unanswered = new Map();
  const at = (what) => lines.push(`${String(Date.now() - started).padStart(6)} ms  ${what}`);
  const path = (request) => {
    const u = new URL(request.url());
    return u.protocol.startsWith('http') ? `${u.pathname}${u.search}` : u.protocol;
  };
  page.on('request', (r) => {
    unanswered.set(r, `${r.method()} ${path(r)}`);
    at(`request   ${r.method()} ${path(r)}`);
  });
  page.on('response', (r) => {
    unanswered.delete(r.request());
    at(`response  ${r.status()} ${path(r.request())}`);
  });
  page.on('requestfinished', (r) => at(`finished  ${path(r)}`));
  page.on('requestfailed', (r) => {
    unanswered.delete(r);
    at(`failed    ${path(r)} (${r.failure()?.errorText})`);
  });
  page.on('framenavigated', (f) => {
    if (f === page.mainFrame()) at(`navigated ${f.url()}`);
  });
  page.on('console', (m) => at(`console   ${m.type()}: ${m.text()}`));
  return {
    /** Forgets what came before, so a failure shows only its own step. */
    reset() {
      started = Date.now();
      lines.length = 0;
      unanswered.clear();
    },
    describe() {
      const waiting = [...unanswered.values()];
      return [
        ...(waiting.length ? [`still waiting for a response to: ${waiting.join(', ')}`] : []),
        ...lines,
      ].join('\n');
    },
  };
}

/** `error` with what the server printed and what the browser did, for a readable CI log. */
export function explain(error, server, timeline) {
  let details = '';
  if (server) {
    const { stdout, stderr } = server.output();
    details += `\n--- trustpage serve stdout ---\n${stdout}--- trustpage serve stderr ---\n${stderr}`;
  }
  if (timeline) details += `--- browser timeline ---\n${timeline.describe()}\n`;
  const explained = new Error(`${error.message}${details}`);
  explained.stack = `${explained.message}\n${(error.stack ?? '').split('\n').slice(1).join('\n')}`;
  return explained;
}

/** Every Markdown file under `content/`, as the site path trustpage gives its page. */
export async function contentPaths(site, languages = ['en', 'ja']) {
  const content = join(site, 'content');
  const entries = await readdir(content, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.md') && !e.name.startsWith('_'))
    .map((e) => {
      const rel = relative(content, join(e.parentPath ?? e.path, e.name));
      // `name.ja.md` is the Japanese page of `name.md`, published under /ja/.
      let name = basename(rel, '.md');
      let prefix = '';
      const dot = name.lastIndexOf('.');
      if (dot > 0 && languages.slice(1).includes(name.slice(dot + 1))) {
        prefix = `/${name.slice(dot + 1)}`;
        name = name.slice(0, dot);
      }
      return `${prefix}/${rel.split(sep).slice(0, -1).concat(name).join('/')}/`;
    })
    .sort();
}
