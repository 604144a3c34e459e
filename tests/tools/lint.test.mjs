// The files trustpage ships for pipelines, checked by the linters their ecosystems use: every
// GitHub workflow (the project's own and the recipes in docs/ci/) by action-validator, the
// Dockerfile by hadolint, and every shell script, workflow `run:` step and GitLab `script:` by
// shellcheck. scripts/test.sh installs the three; a missing one fails with its install command.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, test } from 'node:test';
import YAML from 'yaml';

import { REPO, run } from '../browser/support.mjs';

const ACTION_VALIDATOR = join(REPO, 'node_modules', '.bin', 'action-validator');
export const HADOLINT = join(REPO, 'target', 'test-tools', 'python', 'bin', 'hadolint');
const INSTALL = 'run ./scripts/test.sh, which installs it';

let dir;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trustpage-lint-'));
});
after(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Files below `root` (relative to the repository) whose names end in `suffix`. */
async function filesIn(root, suffix) {
  const entries = await readdir(join(REPO, root), { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(suffix))
    .map((e) => relative(REPO, join(e.parentPath ?? e.path, e.name)))
    .sort();
}

const WORKFLOWS = [...(await filesIn('.github/workflows', '.yml')), ...(await filesIn('docs/ci/github', '.yml'))];

function tool(path, args, name) {
  assert.ok(existsSync(path), `${name} is missing (${path}): ${INSTALL}`);
  const r = run(path, args);
  if (r.error) throw new Error(`${name} could not be run: ${r.error.message}`);
  return { ok: r.status === 0, out: `${r.stdout}${r.stderr}` };
}

test('every GitHub workflow passes action-validator', () => {
  assert.ok(WORKFLOWS.length >= 4, `only ${WORKFLOWS.join(', ')}`);
  for (const file of WORKFLOWS) {
    const { ok, out } = tool(ACTION_VALIDATOR, [join(REPO, file)], 'action-validator');
    assert.ok(ok, `${file}:\n${out}`);
  }
});

test('action-validator does reject a broken workflow', async () => {
  const bad = join(dir, 'bad.yml');
  await writeFile(bad, 'name: x\non: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4\n        runs: oops\n');
  assert.equal(tool(ACTION_VALIDATOR, [bad], 'action-validator').ok, false);
});

test('the Dockerfile passes hadolint', () => {
  const { ok, out } = tool(HADOLINT, [join(REPO, 'Dockerfile')], 'hadolint');
  assert.ok(ok && out.trim() === '', out);
});

test('hadolint does flag a careless Dockerfile', async () => {
  const bad = join(dir, 'Dockerfile');
  await writeFile(bad, 'FROM debian:latest\nRUN apt-get install curl\n');
  assert.equal(tool(HADOLINT, [bad], 'hadolint').ok, false);
});

/** Every shell step of the workflows and the GitLab recipe: `{ where, script }`. */
async function shellSteps() {
  const steps = [];
  for (const file of WORKFLOWS) {
    const doc = YAML.parse(await readFile(join(REPO, file), 'utf8'));
    for (const [job, body] of Object.entries(doc.jobs)) {
      for (const [i, step] of (body.steps ?? []).entries()) {
        // Expressions are replaced by GitHub before the shell sees the script.
        if (step.run) steps.push({ where: `${file} ${job} step ${i + 1}`, script: step.run.replace(/\$\{\{[^}]*\}\}/g, '$EXPRESSION') });
      }
    }
  }
  for (const file of await filesIn('docs/ci/gitlab', '.yml')) {
    const doc = YAML.parse(await readFile(join(REPO, file), 'utf8'));
    for (const [job, body] of Object.entries(doc)) {
      if (body?.script) steps.push({ where: `${file} ${job}`, script: body.script.join('\n') });
    }
  }
  return steps;
}

test('every shell script and shell step passes shellcheck', async () => {
  const scripts = [
    'scripts/test.sh',
    'scripts/refresh-twitter-text.sh',
    '.ci/run',
    'benches/compare.sh',
    ...(await filesIn('docs/ci', '.sh')),
  ];
  for (const file of scripts) {
    const { ok, out } = tool('/usr/bin/shellcheck', [join(REPO, file)], 'shellcheck');
    assert.ok(ok, `${file}:\n${out}`);
  }
  const steps = await shellSteps();
  assert.ok(steps.length >= 10, `only ${steps.length} shell steps`);
  for (const [i, { where, script }] of steps.entries()) {
    const file = join(dir, `step-${i}.sh`);
    await writeFile(file, `#!/usr/bin/env bash\n${script}\n`);
    const { ok, out } = tool('/usr/bin/shellcheck', [file], 'shellcheck');
    assert.ok(ok, `${where}:\n${out}`);
  }
});
