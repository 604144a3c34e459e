// The CI recipes of docs/ci/, run here step by step as their hosts would run them, against a
// git repository holding the example site with a pull request's change on a branch: the
// installer against a local copy of a release, the GitHub workflows' `run:` steps in order
// (with GitHub's environment files and expressions), the GitLab jobs' scripts, and the S3
// deploy script. What exists only on the hosted services is played by the test: the checkout
// (the repository is already there), the Pages upload (its folder is checked) and the `gh` and
// `aws` programs (scripts that record their arguments, so the commands a real run would send
// are what is checked).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { appendFile, chmod, cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, relative, sep } from 'node:path';
import { after, before, test } from 'node:test';
import YAML from 'yaml';

import { EXAMPLE_SITE, REPO, TRUSTPAGE, run, runAsync } from '../browser/support.mjs';
import { serveStatic } from './static-host.mjs';

const CI = join(REPO, 'docs', 'ci');
const VERSION = 'v0.0.0-test';
/** The vendor the pull request adds: the claims diff must name it. */
const VENDOR = 'Quillmark Analytics';

let dir;
let release;
let repo;
let fakes;

/**
 * Runs `script` in `cwd` with `env` by `bash` (as GitHub runs a step) or `sh` (as GitLab's
 * image does): `{ status, stdout, stderr }`. Asynchronous, because the release host the
 * installer downloads from is served by this same process.
 */
function sh(script, { cwd, env, shell = 'bash' }) {
  const args = shell === 'bash' ? ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script] : ['-ec', script];
  return runAsync(shell, args, { cwd, env });
}

function git(args, cwd) {
  const r = run('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], { cwd });
  assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** A program on PATH that records each call's arguments (and any --body-file) in `log`. */
async function recorder(name, { failFirst = '' } = {}) {
  const path = join(fakes, name);
  await writeFile(
    path,
    `#!/usr/bin/env bash
printf '%s\\n' "${name} $*" >> "${join(dir, `${name}.log`)}"
while [ $# -gt 0 ]; do
  if [ "$1" = --body-file ]; then cp "$2" "${join(dir, `${name}-body.md`)}"; fi
  case "$1" in file://*) cp "\${1#file://}" "${join(dir, `${name}-file`)}" ;; esac
  if [ -n "${failFirst}" ] && [ "$1" = "${failFirst}" ] && [ ! -e "${join(dir, `${name}.failed`)}" ]; then
    touch "${join(dir, `${name}.failed`)}"; echo "no comment to edit" >&2; exit 1
  fi
  if [ "$1" = --query ] && [ "$2" = ETag ]; then echo E2QWRUHAPOMQZL; fi
  shift
done
`,
  );
  await chmod(path, 0o755);
}

before(async () => {
  assert.ok(existsSync(TRUSTPAGE), `${TRUSTPAGE} is missing: run \`cargo build --locked\` first`);
  dir = await mkdtemp(join(tmpdir(), 'trustpage-ci-'));
  fakes = join(dir, 'fakes');
  await mkdir(fakes);
  await recorder('gh', { failFirst: '--edit-last' });
  await recorder('aws');

  // A release laid out as .github/workflows/release.yml lays it out. The archive holds a
  // launcher for the test build of trustpage instead of a 300 MB debug binary.
  const target = 'x86_64-unknown-linux-gnu';
  const name = `trustpage-${VERSION}-${target}`;
  const files = join(dir, 'release');
  await mkdir(join(files, name), { recursive: true });
  await writeFile(join(files, name, 'trustpage'), `#!/bin/sh\nexec "${TRUSTPAGE}" "$@"\n`);
  await chmod(join(files, name, 'trustpage'), 0o755);
  const tar = run('tar', ['-czf', `${name}.tar.gz`, name], { cwd: files });
  assert.equal(tar.status, 0, String(tar.stderr));
  await rm(join(files, name), { recursive: true });
  const sum = createHash('sha256').update(await readFile(join(files, `${name}.tar.gz`))).digest('hex');
  await writeFile(join(files, 'SHA256SUMS'), `${sum}  ${name}.tar.gz\n`);
  release = { dir: files, host: await serveStatic(files) };

  // The site's repository: main on a remote, and the pull request's branch checked out.
  const origin = join(dir, 'origin.git');
  git(['init', '--quiet', '--bare', '--initial-branch=main', origin], dir);
  repo = join(dir, 'repo');
  await cp(EXAMPLE_SITE, repo, {
    recursive: true,
    filter: (src) => relative(EXAMPLE_SITE, src).split(sep)[0] !== 'public',
  });
  await mkdir(join(repo, 'ci'));
  await cp(join(CI, 'install-trustpage.sh'), join(repo, 'ci', 'install-trustpage.sh'));
  await mkdir(join(repo, 'ci', 's3'));
  await cp(join(CI, 's3', 'deploy.sh'), join(repo, 'ci', 's3', 'deploy.sh'));
  await cp(join(CI, 's3', 'cloudfront-headers.py'), join(repo, 'ci', 's3', 'cloudfront-headers.py'));
  git(['init', '--quiet', '--initial-branch=main'], repo);
  git(['add', '-A'], repo);
  git(['commit', '--quiet', '-m', 'The trust center'], repo);
  git(['remote', 'add', 'origin', origin], repo);
  git(['push', '--quiet', 'origin', 'main'], repo);
  git(['checkout', '--quiet', '-b', 'add-vendor'], repo);
  await appendFile(
    join(repo, 'trust.toml'),
    `\n[[subprocessors]]\nname = "${VENDOR}"\npurpose = "Product analytics"\nlocations = ["US"]\nsince = 2026-03-02\n`,
  );
  git(['commit', '--quiet', '-am', 'Add a vendor'], repo);
});

after(async () => {
  await release?.host.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** What a job's steps add to their isolated home's environment: the recorders first on PATH. */
function jobEnv(extra) {
  return { PATH: `${fakes}${delimiter}${process.env.PATH}`, ...extra };
}

/** `${{ expr }}` replaced from `context`; an expression it does not know fails the test. */
function expand(text, context) {
  if (typeof text !== 'string') return text;
  return text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expr) => {
    assert.ok(expr in context, `the recipe uses \${{ ${expr} }}, which this test does not provide`);
    return context[expr];
  });
}

/**
 * Runs the steps of `job` in `file` as GitHub would: the `env` of the workflow, job and step,
 * `$GITHUB_PATH` and `$GITHUB_STEP_SUMMARY`, and `uses:` steps handed to `actions`.
 */
async function runGithubJob(file, job, context, actions) {
  const doc = YAML.parse(await readFile(join(CI, 'github', file), 'utf8'));
  const runnerTemp = await mkdtemp(join(dir, 'runner-'));
  const githubPath = join(runnerTemp, 'path');
  const summary = join(runnerTemp, 'summary');
  await writeFile(githubPath, '');
  await writeFile(summary, '');
  const ctx = { ...context, 'runner.temp': runnerTemp };
  let path = jobEnv().PATH;
  const ran = [];
  for (const step of doc.jobs[job].steps) {
    const label = step.name ?? step.uses ?? step.run;
    if (step.uses) {
      await actions(step.uses.split('@')[0], Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, expand(v, ctx)])));
      ran.push(label);
      continue;
    }
    const env = jobEnv({
      ...Object.fromEntries(Object.entries({ ...doc.env, ...doc.jobs[job].env, ...step.env }).map(([k, v]) => [k, expand(v, ctx)])),
      GITHUB_PATH: githubPath,
      GITHUB_STEP_SUMMARY: summary,
      RUNNER_TEMP: runnerTemp,
      // The local release stands in for the one the recipe pins.
      TRUSTPAGE_VERSION: VERSION,
      TRUSTPAGE_DOWNLOAD_BASE: release.host.url.replace(/\/$/, ''),
    });
    const added = (await readFile(githubPath, 'utf8')).split('\n').filter(Boolean);
    env.PATH = [...added.reverse(), path].join(delimiter);
    if (process.env.DEBUG_RECIPES) console.error(`step: ${label}`);
    const r = await sh(expand(step.run, ctx), { cwd: repo, env });
    assert.equal(r.status, 0, `${file} step "${label}" failed:\n${r.stdout}${r.stderr}`);
    ran.push(label);
  }
  return { ran, runnerTemp, summary: await readFile(summary, 'utf8') };
}

test('the installer checks the release checksum and installs a working trustpage', async () => {
  const env = jobEnv({ TRUSTPAGE_VERSION: VERSION, TRUSTPAGE_DOWNLOAD_BASE: release.host.url.replace(/\/$/, '') });
  const dest = join(dir, 'installed');
  const r = await sh(`sh ci/install-trustpage.sh "${dest}"`, { cwd: repo, env });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), dest);
  const version = run(join(dest, 'trustpage'), ['--version']);
  assert.match(version.stdout, /^trustpage /);

  // A tampered archive is refused and nothing is installed.
  const sums = join(release.dir, 'SHA256SUMS');
  const good = await readFile(sums, 'utf8');
  await writeFile(sums, `${'0'.repeat(64)}${good.slice(64)}`);
  try {
    const refused = await sh(`sh ci/install-trustpage.sh "${join(dir, 'tampered')}"`, { cwd: repo, env });
    assert.notEqual(refused.status, 0);
    assert.match(refused.stderr, /does not match the release's SHA256SUMS/);
    assert.equal(existsSync(join(dir, 'tampered', 'trustpage')), false);
  } finally {
    await writeFile(sums, good);
  }
});

test('GitHub pull-request recipe: check, claims diff, one comment', async () => {
  const context = {
    'github.base_ref': 'main',
    'github.token': 'test-token',
    'github.event.pull_request.number': '42',
  };
  const checkouts = [];
  const { ran, summary } = await runGithubJob('trustpage-pull-request.yml', 'review', context, async (action, w) => {
    assert.equal(action, 'actions/checkout', `an action this test cannot play: ${action}`);
    checkouts.push(w);
  });
  assert.deepEqual(checkouts, [{ 'fetch-depth': 0 }], 'the diff needs the whole history');
  assert.equal(ran.length, 5);
  const diff = await readFile(join(repo, 'claims-diff.md'), 'utf8');
  assert.ok(diff.includes(VENDOR), `the claims diff does not name the added vendor:\n${diff}`);
  assert.ok(summary.includes(VENDOR), 'the job summary lacks the diff');
  const calls = (await readFile(join(dir, 'gh.log'), 'utf8')).trim().split('\n');
  assert.deepEqual(calls, [
    'gh pr comment 42 --body-file claims-diff.md --edit-last',
    'gh pr comment 42 --body-file claims-diff.md',
  ]);
  assert.equal(await readFile(join(dir, 'gh-body.md'), 'utf8'), diff);
});

test('GitHub Pages recipe: the build the Pages step uploads, on push and every week', async () => {
  const doc = YAML.parse(await readFile(join(CI, 'github', 'trustpage-pages.yml'), 'utf8'));
  assert.ok(doc.on.schedule?.length === 1 && doc.on.push, 'the recipe must rebuild on push and on a schedule');
  const uploaded = [];
  await runGithubJob('trustpage-pages.yml', 'build', {}, async (action, w) => {
    if (action === 'actions/upload-pages-artifact') uploaded.push(w.path);
    else assert.equal(action, 'actions/checkout', `an action this test cannot play: ${action}`);
  });
  assert.equal(uploaded.length, 1);
  for (const file of ['index.html', 'ja/index.html', '.well-known/security.txt', '_headers']) {
    assert.ok(existsSync(join(uploaded[0], file)), `the uploaded site has no ${file}`);
  }
});

test('GitLab recipe: the review job writes the claims diff, the pages job builds public/', async () => {
  const doc = YAML.parse(await readFile(join(CI, 'gitlab', '.gitlab-ci.yml'), 'utf8'));
  const variables = {
    ...doc.variables,
    CI_PROJECT_DIR: repo,
    CI_PIPELINE_SOURCE: 'merge_request_event',
    CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'main',
  };
  // The image has trustpage on PATH.
  const env = jobEnv(variables);
  env.PATH = `${dirname(TRUSTPAGE)}${delimiter}${env.PATH}`;
  const review = await sh(doc.review.script.join('\n'), { cwd: repo, env, shell: 'sh' });
  assert.equal(review.status, 0, `review failed:\n${review.stdout}${review.stderr}`);
  assert.ok(review.stdout.includes(VENDOR), 'the job log lacks the diff');
  assert.ok((await readFile(join(repo, doc.review.artifacts.paths[0]), 'utf8')).includes(VENDOR));
  const pages = await sh(doc.pages.script.join('\n'), { cwd: repo, env: { ...env, CI_COMMIT_BRANCH: 'main' }, shell: 'sh' });
  assert.equal(pages.status, 0, `pages failed:\n${pages.stdout}${pages.stderr}`);
  assert.ok(existsSync(join(repo, 'public', 'index.html')), 'no public/index.html for GitLab Pages');
  await rm(join(repo, 'public'), { recursive: true });
});

test('S3 recipe: every hashed file cached for a year, the CSP renewed in CloudFront', async () => {
  const env = jobEnv({ SITE: '.', BUCKET: 'trust-example', DISTRIBUTION: 'E123ABC', POLICY_ID: 'policy-1' });
  env.PATH = `${dirname(TRUSTPAGE)}${delimiter}${env.PATH}`;
  const r = await sh('./ci/s3/deploy.sh', { cwd: repo, env });
  assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
  const calls = (await readFile(join(dir, 'aws.log'), 'utf8')).trim().split('\n');
  assert.match(calls[0], /^aws s3 sync \S+ s3:\/\/trust-example --delete --exclude _headers --cache-control public, max-age=300$/);
  const built = join(dir, 's3-check');
  const b = run(TRUSTPAGE, ['build', repo, '-o', built]);
  assert.equal(b.status, 0, b.stderr);
  const headers = await readFile(join(built, '_headers'), 'utf8');
  const immutable = [...headers.matchAll(/^(\/[^\s*]+)\n\s+Cache-Control: (.+)$/gm)];
  assert.ok(immutable.length >= 3, 'the example has hashed assets');
  for (const [, path, value] of immutable) {
    assert.ok(
      calls.some((c) => c.endsWith(`s3://trust-example${path} --cache-control ${value}`)),
      `${path} was not uploaded with Cache-Control: ${value}`,
    );
  }
  const update = calls.find((c) => c.startsWith('aws cloudfront update-response-headers-policy'));
  assert.match(update, /--id policy-1 --if-match E2QWRUHAPOMQZL --response-headers-policy-config file:\/\//);
  assert.ok(calls.at(-1).startsWith('aws cloudfront create-invalidation --distribution-id E123ABC --paths /*'));
  // The policy sent is the one of the site just deployed (the same theme, the same hashes).
  const csp = headers.match(/Content-Security-Policy: (.+)/)[1];
  const sent = JSON.parse(await readFile(join(dir, 'aws-file'), 'utf8'));
  assert.equal(sent.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy, csp);
});
