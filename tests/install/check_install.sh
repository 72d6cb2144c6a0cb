#!/usr/bin/env bash
# Installs the build into a scratch prefix, then checks what a program outside the tree sees:
# the soname, that only mosaic_* symbols are exported, and that a program builds and runs both
# with pkg-config and with find_package(MosaicTelemetry).
set -euo pipefail
build_dir=$1
source_dir=$(cd "$(dirname "$0")" && pwd)
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT

fail() { echo "check_install: $*" >&2; exit 1; }

cmake --install "$build_dir" --prefix "$prefix" >/dev/null
libdir=$(find "$prefix" -name 'libmosaic-telemetry.so.1' -printf '%h\n' | head -n 1)
[ -n "$libdir" ] || fail "libmosaic-telemetry.so.1 was not installed"
[ -f "$prefix/include/mosaic/telemetry.h" ] || fail "include/mosaic/telemetry.h was not installed"

soname=$(readelf -d "$libdir/libmosaic-telemetry.so.1" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
[ "$soname" = "libmosaic-telemetry.so.1" ] || fail "soname is '$soname', expected libmosaic-telemetry.so.1"

exported=$(nm -D --defined-only "$libdir/libmosaic-telemetry.so.1" | awk '{print $3}')
others=$(echo "$exported" | grep -v '^mosaic_' || true)
[ -z "$others" ] || fail "symbols other than mosaic_* are exported: $others"
for symbol in mosaic_client_track mosaic_plugin_query; do
  echo "$exported" | grep -qx "$symbol" || fail "$symbol is not exported"
done
[ -f "$prefix/include/mosaic/plugin.h" ] || fail "include/mosaic/plugin.h was not installed"

export PKG_CONFIG_PATH="$libdir/pkgconfig"
cc -std=c11 -Wall -Werror -o "$prefix/outside_pc" "$source_dir/outside.c" \
   $(pkg-config --cflags --libs mosaic-telemetry) || fail "pkg-config build failed"
LD_LIBRARY_PATH="$libdir" "$prefix/outside_pc" || fail "the pkg-config build did not run"

cmake -S "$source_dir" -B "$prefix/outside_build" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null \
  || fail "find_package(MosaicTelemetry) failed"
cmake --build "$prefix/outside_build" >/dev/null || fail "the find_package build failed"
"$prefix/outside_build/outside" || fail "the find_package build did not run"
echo "install: soname, exports, pkg-config and find_package all good"
