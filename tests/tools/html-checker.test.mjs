// The Nu HTML Checker over every page of the built example site and of the starter site that
// `trustpage init` makes: zero errors. It needs Java and the checker from npm, which
// scripts/test.sh installs before it runs this; `cargo test` needs neither.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { EXAMPLE_SITE, REPO, run, runTrustpage } from '../browser/support.mjs';

const VNU = join(REPO, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');

/** Runs the checker over `dir`: whether it passed, and what it printed. */
function vnu(dir) {
  assert.ok(
    existsSync(VNU),
    `the Nu HTML Checker is not installed (${VNU}): run ./scripts/test.sh, which runs \`npm ci\``,
  );
  const checked = run('java', ['-jar', VNU, '--errors-only', '--skip-non-html', '--format', 'gnu', dir]);
  if (checked.error) {
    throw new Error(
      `java could not be run (${checked.error.message}): run ./scripts/test.sh, which installs default-jre-headless`,
    );
  }
  return { ok: checked.status === 0, report: `${checked.stdout}${checked.stderr}` };
}

let dir;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trustpage-vnu-'));
});

after(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Every `.html` file below `root`. */
async function htmlFiles(root) {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.html'));
}

test('the example and starter pages pass the Nu HTML Checker', async () => {
  const example = join(dir, 'example');
  const built = runTrustpage(['build', EXAMPLE_SITE, '-o', example]);
  assert.equal(built.status, 0, `trustpage build failed:\n${built.stderr}`);
  const starter = join(dir, 'starter');
  const init = runTrustpage(['init', starter]);
  assert.equal(init.status, 0, `trustpage init failed:\n${init.stderr}`);
  const starterBuilt = runTrustpage(['build', starter]);
  assert.equal(starterBuilt.status, 0, `trustpage build of the starter failed:\n${starterBuilt.stderr}`);
  const pages = (await htmlFiles(example)).length;
  assert.ok(pages >= 10, `only ${pages} pages`);
  for (const site of [example, join(starter, 'public')]) {
    const { ok, report } = vnu(site);
    assert.ok(ok && report.trim() === '', `Nu HTML Checker errors in ${site}:\n${report}`);
  }
});

test('the checker does catch invalid HTML', async () => {
  // Guards the test above against passing vacuously.
  const bad = join(dir, 'bad');
  await mkdir(bad);
  await writeFile(join(bad, 'bad.html'), '<!DOCTYPE html><html lang=en><title>x</title><p><div></p>');
  const { ok, report } = vnu(bad);
  assert.ok(!ok && report.includes('error'), report);
});
