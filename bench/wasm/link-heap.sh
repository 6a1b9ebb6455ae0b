#!/usr/bin/env bash
# Relinks the core with bench/wasm/heap_stats.c into build/bench/idv-widget-heap.wasm, reusing the
# wasm preset's objects and its exact link flags (read from build/wasm/build.ninja), so the only
# difference from dist/idv-widget.wasm is two extra exports.
set -euo pipefail
cd "$(dirname "$0")/../.."
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}
ninja_file=build/wasm/build.ninja
[ -f "$ninja_file" ] || { echo "link-heap: $ninja_file missing (run scripts/build wasm)" >&2; exit 1; }
block=$(grep -A4 '^build bindings/idv-widget.wasm:' "$ninja_file")
objs=$(sed -n '1p' <<<"$block" | sed 's/^build [^:]*: [^ ]* //; s/ |.*//')
flags=$(grep '^  LINK_FLAGS = ' <<<"$block" | sed 's/^  LINK_FLAGS = //')
libs=$(grep '^  LINK_LIBRARIES = ' <<<"$block" | sed 's/^  LINK_LIBRARIES = //')
flags=${flags/-sEXPORTED_FUNCTIONS=/-sEXPORTED_FUNCTIONS=_idv_bench_heap_size,_idv_bench_heap_free,}
mkdir -p build/bench
emcc -Os -c bench/wasm/heap_stats.c -o build/bench/heap_stats.o
(cd build/wasm && em++ -Os $flags $objs ../bench/heap_stats.o -o ../bench/idv-widget-heap.wasm $libs)
echo "build/bench/idv-widget-heap.wasm"
