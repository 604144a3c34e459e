#!/usr/bin/env bash
# Runs every trustpage test on a fresh machine: installs what the tests need (Java for the Nu
# HTML Checker, Debian's Chromium for the browser tests, the fonts the sharing-card tests draw
# with, Japanese included, and the npm tools from the committed lockfile), then runs the Rust
# tests, those a plain `cargo test` leaves out because they need these (`--include-ignored`),
# the Nu HTML Checker over built sites and the browser tests of `trustpage serve`.
# Arguments go to `cargo test`. Any failing suite makes the script exit non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then
    apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
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
# The browser tests use the Chromium above; playwright-core must never fetch its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ] \
  || [ ! -f node_modules/playwright-core/package.json ] \
  || [ ! -f node_modules/axe-core/axe.min.js ]; then
  echo "Installing the Nu HTML Checker, playwright-core and axe-core (npm ci)..."
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
