// Native QR throughput: libqrencode alone (QRcode_encodeString, ECC M, byte mode auto) and the
// core's own path (idv::encodeQr + svgPath, the same C++ the wasm runs — except that the wasm
// build also routes libqrencode's mask selection to the core's idv_qr_mask_select, which a
// system libqrencode keeps internal). Rates are per CPU-second. Prints JSON:
//   qr_native <runs> <ms-per-run> <text>...  ->
//   {"results":[{"impl":…,"chars":…,"runs":[codes/s…],"size":…}]}
// Built by scripts/bench with: g++ -O2 -std=c++20 -Iwidget bench/native/qr_native.cpp
// widget/qr/qr_code.cpp -lqrencode
#include <qrencode.h>

#include <time.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <variant>
#include <vector>

#include "qr/qr_code.hpp"

// libqrencode internals that its shared library exports (split.h, qrencode_inner.h): enough to
// run QRcode_encodeString's steps with the core's mask selection in place of Mask_mask, as the
// wasm build does. Mask -2 is libqrencode's "leave unmasked" debugging mode.
extern "C" int Split_splitStringToQRinput(const char* string, QRinput* input, QRencodeMode hint,
                                          int casesensitive);
extern "C" QRcode* QRcode_encodeMask(QRinput* input, int mask);

namespace {

// CPU time of this process, as bench/qr-throughput.mjs measures the JS and wasm rows: the
// machine is shared, and wall-clock rates moved 2–5× with other jobs.
double cpuMs() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

template <typename F>
std::vector<double> measure(int runs, double ms_per_run, F&& encode_once) {
  for (int i = 0; i < 20; ++i) encode_once();  // warm-up
  std::vector<double> rates;
  for (int r = 0; r < runs; ++r) {
    long n = 0;
    const double start = cpuMs();
    double elapsed_ms = 0;
    do {
      for (int i = 0; i < 16; ++i) encode_once();
      n += 16;
      elapsed_ms = cpuMs() - start;
    } while (elapsed_ms < ms_per_run);
    rates.push_back(n * 1000.0 / elapsed_ms);
  }
  return rates;
}

volatile std::size_t sink = 0;

void print(const char* impl, std::size_t chars, int size, const std::vector<double>& rates,
           bool& first) {
  std::printf("%s{\"impl\":\"%s\",\"chars\":%zu,\"size\":%d,\"runs\":[", first ? "" : ",", impl,
              chars, size);
  for (std::size_t i = 0; i < rates.size(); ++i) std::printf("%s%.1f", i ? "," : "", rates[i]);
  std::printf("]}");
  first = false;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: qr_native <runs> <ms-per-run> <text>...\n");
    return 2;
  }
  const int runs = std::atoi(argv[1]);
  const double ms = std::atof(argv[2]);
  bool first = true;
  std::printf("{\"results\":[");
  for (int a = 3; a < argc; ++a) {
    const std::string text = argv[a];
    int width = 0;
    auto rates = measure(runs, ms, [&] {
      QRcode* qr = QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
      if (!qr) std::abort();
      width = qr->width;
      sink = sink + qr->data[0];
      QRcode_free(qr);
    });
    print("libqrencode (matrix)", text.size(), width, rates, first);

    rates = measure(runs, ms, [&] {
      QRinput* input = QRinput_new2(0, QR_ECLEVEL_M);
      if (!input || Split_splitStringToQRinput(text.c_str(), input, QR_MODE_8, 1) != 0)
        std::abort();
      QRcode* qr = QRcode_encodeMask(input, -2);
      if (!qr) std::abort();
      unsigned char* masked = idv_qr_mask_select(qr->width, qr->data, QR_ECLEVEL_M);
      width = qr->width;
      sink = sink + masked[0];
      std::free(masked);
      QRcode_free(qr);
      QRinput_free(input);
    });
    print("libqrencode + core mask selection (matrix)", text.size(), width, rates, first);

    int size = 0;
    rates = measure(runs, ms, [&] {
      auto m = idv::encodeQr(text, idv::QrEcc::Medium);
      auto* matrix = std::get_if<idv::QrMatrix>(&m);
      if (!matrix) std::abort();
      size = matrix->symbolSize();
      sink = sink + matrix->svgPath().size();
    });
    print("core C++ (matrix + SVG path)", text.size(), size, rates, first);
  }
  std::printf("]}\n");
  return 0;
}
