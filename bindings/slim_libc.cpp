// Two small stand-ins for libc functions, linked into the WebAssembly module only
// (with -Wl,--wrap, so every call from our code and nlohmann's goes here).
//
// Why: nlohmann/json's lexer converts JSON floats with strtod, and formats parse-error
// messages with snprintf. musl's versions are exact and general — long-double arithmetic,
// the whole printf engine — and together they were ~20 KB of a ~97 KB module that a checkout
// page downloads. The core reads no float it depends on (versions and times are integers or
// strings; a float option like pollIntervalMs only needs to be close), and it reports typed
// errors rather than nlohmann's message text. So:
//   * strtod: decimal → double in double arithmetic (may differ from exact rounding in the
//     last bits for long mantissas — harmless for what the module reads);
//   * snprintf: writes an empty string (the only callers build error messages we discard).
#include <cstdarg>
#include <cstddef>

extern "C" double __wrap_strtod(const char* s, char** end) {
  const char* p = s;
  while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') ++p;
  bool negative = false;
  if (*p == '-' || *p == '+') negative = *p++ == '-';
  double value = 0;
  int digits = 0;
  int exponent = 0;
  for (; *p >= '0' && *p <= '9'; ++p, ++digits) value = value * 10 + (*p - '0');
  if (*p == '.') {
    for (++p; *p >= '0' && *p <= '9'; ++p, ++digits, --exponent) value = value * 10 + (*p - '0');
  }
  if (digits == 0) {  // not a number: like strtod, consume nothing
    if (end) *end = const_cast<char*>(s);
    return 0;
  }
  if (*p == 'e' || *p == 'E') {
    const char* e = p + 1;
    bool expNegative = false;
    if (*e == '-' || *e == '+') expNegative = *e++ == '-';
    if (*e >= '0' && *e <= '9') {
      int n = 0;
      for (; *e >= '0' && *e <= '9'; ++e) n = n < 10000 ? n * 10 + (*e - '0') : n;
      exponent += expNegative ? -n : n;
      p = e;
    }
  }
  // Scale by 10^|exponent| in a few multiplications (binary powers of ten).
  double scale = 1;
  double power = 10;
  for (int n = exponent < 0 ? -exponent : exponent; n > 0 && power != 0; n >>= 1) {
    if (n & 1) scale *= power;
    power *= power;
  }
  value = exponent < 0 ? value / scale : value * scale;
  if (end) *end = const_cast<char*>(p);
  return negative ? -value : value;
}

extern "C" int __wrap_snprintf(char* buffer, std::size_t size, const char*, ...) {
  if (buffer && size > 0) buffer[0] = '\0';
  return 0;
}
