#!/usr/bin/env bash
# Runs every trustpage test on a fresh machine: installs what the tests need (Java for the Nu
# HTML Checker, the checker itself from the committed npm lockfile), then runs cargo test.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v java >/dev/null 2>&1; then
  echo "Installing Java for the Nu HTML Checker..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null
fi
if [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ]; then
  echo "Installing the Nu HTML Checker (npm ci)..."
  npm ci --no-audit --no-fund --loglevel=error
fi

cargo test --locked "$@"
