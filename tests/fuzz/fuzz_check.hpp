#pragma once
// A property failed: crash loudly so libFuzzer saves the input (assert() is off in release).
#include <cstdio>
#include <cstdlib>

#define IDV_FUZZ_CHECK(cond)                                                            \
  do {                                                                                  \
    if (!(cond)) {                                                                      \
      std::fprintf(stderr, "property failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
      std::abort();                                                                     \
    }                                                                                   \
  } while (0)
