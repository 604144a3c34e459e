#!/bin/sh
# Installs a released trustpage binary for this machine (Linux or macOS, x86-64 or ARM) into
# a folder, after checking it against the release's SHA-256 checksums:
#   TRUSTPAGE_VERSION=v0.1.0 sh install-trustpage.sh [DIR]      (DIR defaults to ./.trustpage)
# It prints the folder that holds `trustpage`, for PATH. On Windows, download the zip from the
# release page instead. TRUSTPAGE_DOWNLOAD_BASE points at another copy of the release files.
set -eu
version="${TRUSTPAGE_VERSION:?set TRUSTPAGE_VERSION, e.g. v0.1.0}"
dest="${1:-.trustpage}"
base="${TRUSTPAGE_DOWNLOAD_BASE:-https://github.com/trustpage/trustpage/releases/download/$version}"

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) target=x86_64-unknown-linux-gnu ;;
  Linux-aarch64 | Linux-arm64) target=aarch64-unknown-linux-gnu ;;
  Darwin-x86_64) target=x86_64-apple-darwin ;;
  Darwin-arm64) target=aarch64-apple-darwin ;;
  *) echo "install-trustpage.sh: no release build for $(uname -s) $(uname -m); build it with cargo install --locked" >&2; exit 1 ;;
esac
name="trustpage-$version-$target"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
curl -fsSL -o "$work/$name.tar.gz" "$base/$name.tar.gz"
curl -fsSL -o "$work/SHA256SUMS" "$base/SHA256SUMS"
expected="$(awk -v f="$name.tar.gz" '$2 == f { print $1 }' "$work/SHA256SUMS")"
if command -v sha256sum >/dev/null 2>&1; then
  actual="$(sha256sum "$work/$name.tar.gz" | cut -d' ' -f1)"
else
  actual="$(shasum -a 256 "$work/$name.tar.gz" | cut -d' ' -f1)"
fi
if [ -z "$expected" ] || [ "$expected" != "$actual" ]; then
  echo "install-trustpage.sh: $name.tar.gz does not match the release's SHA256SUMS; nothing installed" >&2
  exit 1
fi
tar -xzf "$work/$name.tar.gz" -C "$work"
mkdir -p "$dest"
cp "$work/$name/trustpage" "$dest/trustpage"
chmod +x "$dest/trustpage"
cd "$dest" && pwd
