#!/usr/bin/env bash
# Installs the Debian packages the project builds and tests with (skips what is there already).
set -euo pipefail
packages=(build-essential cmake pkg-config python3 libcurl4-openssl-dev libjson-c-dev libcmocka-dev
  clang-format)
packages+=(clang libclang-rt-dev) # the fuzz build (docs/fuzzing.md)
packages+=(libsqlite3-dev)        # the local history (docs/history.md)
# Headless Chromium renders `report --html` in tests/history/test_html.py (skipped without it);
# about 100 MB and 105 s of apt on the development machine, once.
packages+=(chromium)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq "${missing[@]}" >/dev/null
