#!/usr/bin/env bash
# Installs nbaraw's build and test dependencies from Debian 12 packages (nothing else is downloaded).
set -euo pipefail
packages=(
  build-essential cmake pkg-config ninja-build
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libfmt-dev catch2 lld libssl-dev zlib1g-dev libsqlite3-dev sqlite3 libutf8proc-dev
  python3 ca-certificates
)
# The sanitizer build (scripts/test.sh --sanitize) compiles with clang and its sanitizer runtime.
if [ "${1:-}" = "--sanitize" ]; then
  packages+=(clang libclang-rt-14-dev)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "install-deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
