// Bench-only exports for a heap-instrumented relink of the core (same objects, same flags as
// dist/idv-widget.wasm, plus these): emmalloc's own accounting of the dynamic heap.
#include <emscripten/emmalloc.h>
#include <emscripten/emscripten.h>
#include <stddef.h>

EMSCRIPTEN_KEEPALIVE size_t idv_bench_heap_size(void) { return emmalloc_dynamic_heap_size(); }
EMSCRIPTEN_KEEPALIVE size_t idv_bench_heap_free(void) { return emmalloc_free_dynamic_memory(); }
