#!/usr/bin/env bash
# Runs every trustpage test on a fresh machine: installs what the tests need (Java for the Nu
# HTML Checker, Debian's Chromium for the browser tests, the npm tools from the committed
# lockfile), then runs the Rust tests and the browser tests of `trustpage serve`.
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

if ! command -v java >/dev/null 2>&1; then
  echo "Installing Java for the Nu HTML Checker..."
  apt_install default-jre-headless
fi
if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Chromium for the browser tests..."
  apt_install chromium
fi
# The browser tests use the Chromium above; playwright-core must never fetch its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ] \
  || [ ! -f node_modules/playwright-core/package.json ] \
  || [ ! -f node_modules/axe-core/axe.min.js ]; then
  echo "Installing the Nu HTML Checker, playwright-core and axe-core (npm ci)..."
  npm ci --no-audit --no-fund --loglevel=error
fi

echo "==> Rust tests: cargo test --locked $*"
cargo test --locked "$@"
echo "==> Rust tests passed"

# The browser tests drive target/debug/trustpage; build it even when the filter above skipped it.
cargo build --locked --quiet
echo "==> Browser tests: node --test tests/browser/"
node --test --test-reporter=spec tests/browser/
echo "==> Browser tests passed"
