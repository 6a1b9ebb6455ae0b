#include "common/http/client.hpp"

#include <curl/curl.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>
#include <mutex>

namespace idv::demo::http {
namespace {

using Clock = std::chrono::steady_clock;

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct EasyCleanup {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistCleanup {
  void operator()(curl_slist* s) const { curl_slist_free_all(s); }
};
struct MultiCleanup {
  void operator()(CURLM* m) const { curl_multi_cleanup(m); }
};
struct UrlCleanup {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};
struct CurlFree {
  void operator()(char* p) const { curl_free(p); }
};
using EasyPtr = std::unique_ptr<CURL, EasyCleanup>;
using SlistPtr = std::unique_ptr<curl_slist, SlistCleanup>;
using CurlString = std::unique_ptr<char, CurlFree>;

bool equals_ignore_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

bool append(SlistPtr& list, const std::string& line) {
  curl_slist* grown = curl_slist_append(list.get(), line.c_str());
  if (grown == nullptr) return false;
  (void)list.release();  // curl_slist_append returns the same head (or a new one if empty)
  list.reset(grown);
  return true;
}

std::string seconds_text(std::chrono::milliseconds ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f s", static_cast<double>(ms.count()) / 1000.0);
  return buf;
}

// One request: the easy handle, what it points at (header lists, the body), and the answer
// being collected. Lives at a stable address while libcurl runs it (CURLOPT_PRIVATE).
struct Transfer {
  explicit Transfer(const ClientRequest& r) : request(r) {}

  ClientRequest request;
  std::uint64_t id = 0;  // MultiFetcher's
  EasyPtr easy;
  SlistPtr header_list;
  SlistPtr resolve_list;
  ClientResponse response;
  bool refused = false;  // allow_connect said no
  Clock::time_point started = Clock::now();
  char errbuf[CURL_ERROR_SIZE] = {};
  std::string setup_error;  // non-empty: never started

  static std::size_t on_body(char* data, std::size_t size, std::size_t n, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const std::size_t len = size * n;
    const std::size_t room = t->request.max_body - t->response.body.size();
    if (len > room) {
      // Cap reached: keep what fits and abort the transfer (CURLE_WRITE_ERROR). Nothing more
      // is read from the peer, so a huge (or endless) body costs at most max_body bytes.
      t->response.body.append(data, room);
      t->response.truncated = true;
      return room;  // != len: abort
    }
    t->response.body.append(data, len);
    return len;
  }

  static std::size_t on_header(char* data, std::size_t size, std::size_t n, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const std::size_t len = size * n;
    const std::string_view line(data, len);
    if (line.starts_with("HTTP/")) {
      t->response.headers.clear();  // a new (interim or final) response begins
      return len;
    }
    const auto colon = line.find(':');
    if (colon != std::string_view::npos && colon > 0 && t->response.headers.size() < 256)
      t->response.headers.emplace_back(std::string(line.substr(0, colon)),
                                       std::string(trim(line.substr(colon + 1))));
    return len;
  }

  static curl_socket_t on_open_socket(void* user, curlsocktype purpose, curl_sockaddr* addr) {
    auto* t = static_cast<Transfer*>(user);
    if (purpose == CURLSOCKTYPE_IPCXN && t->request.allow_connect &&
        !t->request.allow_connect(&addr->addr, addr->addrlen)) {
      t->refused = true;
      return CURL_SOCKET_BAD;
    }
    return ::socket(addr->family, addr->socktype | SOCK_CLOEXEC, addr->protocol);
  }

  // Builds the easy handle; false (setup_error set) when the request cannot be made at all.
  bool setup() {
    global_init();
    std::unique_ptr<CURLU, UrlCleanup> url(curl_url());
    if (!url || curl_url_set(url.get(), CURLUPART_URL, request.url.c_str(), 0) != CURLUE_OK)
      return fail("not a valid URL");
    char* raw = nullptr;
    if (curl_url_get(url.get(), CURLUPART_SCHEME, &raw, 0) != CURLUE_OK)
      return fail("not a valid URL");
    const CurlString scheme(raw);
    if (std::string_view(scheme.get()) != "http" && std::string_view(scheme.get()) != "https")
      return fail("only http and https URLs are fetched");

    easy.reset(curl_easy_init());
    if (!easy) return fail("libcurl could not create a handle");
    CURL* e = easy.get();
    bool ok = curl_easy_setopt(e, CURLOPT_URL, request.url.c_str()) == CURLE_OK;
    const auto set = [&](CURLoption opt, auto value) {
      ok = ok && curl_easy_setopt(e, opt, value) == CURLE_OK;
    };
    set(CURLOPT_PROTOCOLS_STR, "http,https");
    set(CURLOPT_FOLLOWLOCATION, 0L);  // a 3xx is the answer, never followed
    set(CURLOPT_MAXREDIRS, 0L);
    set(CURLOPT_NOSIGNAL, 1L);  // threads: no SIGALRM-based DNS timeouts
    set(CURLOPT_TIMEOUT_MS, static_cast<long>(std::max<std::int64_t>(1, request.timeout.count())));
    set(CURLOPT_CONNECTTIMEOUT_MS,
        static_cast<long>(std::max<std::int64_t>(1, request.timeout.count())));
    set(CURLOPT_PROXY, "");  // never through an environment proxy: it would bypass pinning
    // No CURLOPT_ACCEPT_ENCODING, and decoding off: bodies arrive exactly as sent, so a
    // compressed bomb stays its compressed size (and is cut at max_body).
    set(CURLOPT_HTTP_CONTENT_DECODING, 0L);
    set(CURLOPT_WRITEFUNCTION, &Transfer::on_body);
    set(CURLOPT_WRITEDATA, static_cast<void*>(this));
    set(CURLOPT_HEADERFUNCTION, &Transfer::on_header);
    set(CURLOPT_HEADERDATA, static_cast<void*>(this));
    set(CURLOPT_OPENSOCKETFUNCTION, &Transfer::on_open_socket);
    set(CURLOPT_OPENSOCKETDATA, static_cast<void*>(this));
    set(CURLOPT_ERRORBUFFER, errbuf);
    set(CURLOPT_PRIVATE, static_cast<void*>(this));

    if (request.method == "GET") {
      set(CURLOPT_HTTPGET, 1L);
    } else {
      if (request.method == "POST")
        set(CURLOPT_POST, 1L);
      else
        set(CURLOPT_CUSTOMREQUEST, request.method.c_str());
      set(CURLOPT_POSTFIELDS, request.body.data());
      set(CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    }
    for (const auto& [name, value] : request.headers) {
      if (name.empty() || name.find_first_of(":\r\n") != std::string::npos ||
          value.find_first_of("\r\n") != std::string::npos)
        return fail("invalid header " + name);
      if (!append(header_list, name + ": " + value)) return fail("out of memory");
    }
    // libcurl would add "Expect: 100-continue" to bodies over 1 KiB and wait up to a second
    // for a receiver that never sends 100: an empty value removes the header.
    if (!append(header_list, "Expect:")) return fail("out of memory");
    set(CURLOPT_HTTPHEADER, header_list.get());

    if (!request.pinned_addresses.empty()) {
      raw = nullptr;
      if (curl_url_get(url.get(), CURLUPART_HOST, &raw, 0) != CURLUE_OK)
        return fail("not a valid URL");
      const CurlString host(raw);
      raw = nullptr;
      if (curl_url_get(url.get(), CURLUPART_PORT, &raw, CURLU_DEFAULT_PORT) != CURLUE_OK)
        return fail("not a valid URL");
      const CurlString port(raw);
      std::string entry = std::string(host.get()) + ":" + port.get() + ":";
      for (std::size_t i = 0; i < request.pinned_addresses.size(); ++i) {
        const auto& a = request.pinned_addresses[i];
        if (a.find_first_of(",\r\n ") != std::string::npos) return fail("invalid pinned address");
        entry += (i ? "," : "") + (a.find(':') != std::string::npos ? "[" + a + "]" : a);
      }
      if (!append(resolve_list, entry)) return fail("out of memory");
      set(CURLOPT_RESOLVE, resolve_list.get());
    }
    if (!ok) return fail("libcurl refused an option");
    return true;
  }

  bool fail(std::string why) {
    setup_error = std::move(why);
    return false;
  }

  // Fills `response` from the transfer's result code.
  void finish(CURLcode code) {
    response.elapsed =
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
    if (!setup_error.empty()) {
      response.error = FetchError::invalid_request;
      response.error_text = setup_error;
      return;
    }
    long status = 0;
    curl_easy_getinfo(easy.get(), CURLINFO_RESPONSE_CODE, &status);
    response.status = static_cast<int>(status);
    char* ip = nullptr;
    if (curl_easy_getinfo(easy.get(), CURLINFO_PRIMARY_IP, &ip) == CURLE_OK && ip != nullptr)
      response.connected_ip = ip;
    if (code == CURLE_OK || (code == CURLE_WRITE_ERROR && response.truncated)) {
      response.error = FetchError::none;
      return;
    }
    const std::string detail = errbuf[0] != '\0' ? errbuf : curl_easy_strerror(code);
    switch (code) {
      case CURLE_OPERATION_TIMEDOUT:
        response.error = FetchError::timeout;
        response.error_text = "timed out after " + seconds_text(response.elapsed);
        return;
      case CURLE_COULDNT_RESOLVE_HOST: response.error = FetchError::resolve; break;
      case CURLE_COULDNT_CONNECT:
        response.error = refused ? FetchError::refused_address : FetchError::connect;
        if (refused) {
          response.error_text = "connection refused by the destination policy";
          return;
        }
        break;
      case CURLE_UNSUPPORTED_PROTOCOL:
      case CURLE_URL_MALFORMAT: response.error = FetchError::invalid_request; break;
      case CURLE_SSL_CONNECT_ERROR:
      case CURLE_PEER_FAILED_VERIFICATION:
      case CURLE_SSL_CERTPROBLEM:
      case CURLE_SSL_CIPHER:
      case CURLE_SSL_CACERT_BADFILE: response.error = FetchError::tls; break;
      default: response.error = FetchError::transfer; break;
    }
    response.error_text = detail;
  }
};

}  // namespace

const char* to_string(FetchError e) {
  switch (e) {
    case FetchError::none: return "none";
    case FetchError::invalid_request: return "invalid_request";
    case FetchError::resolve: return "resolve";
    case FetchError::refused_address: return "refused_address";
    case FetchError::connect: return "connect";
    case FetchError::timeout: return "timeout";
    case FetchError::tls: return "tls";
    case FetchError::transfer: return "transfer";
    case FetchError::aborted: return "aborted";
  }
  return "unknown";
}

std::string ClientResponse::header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (equals_ignore_case(k, name)) return v;
  return {};
}

ClientResponse fetch(const ClientRequest& request) {
  Transfer t(request);
  if (!t.setup()) {
    t.finish(CURLE_OK);
    return std::move(t.response);
  }
  const CURLcode code = curl_easy_perform(t.easy.get());
  t.finish(code);
  return std::move(t.response);
}

// ---------------------------------------------------------------------------------------------

struct MultiFetcher::Impl {
  Impl() {
    global_init();
    multi.reset(curl_multi_init());
  }
  ~Impl() {
    for (auto& [id, t] : transfers)
      if (t->easy) curl_multi_remove_handle(multi.get(), t->easy.get());
  }

  // Declared first: destroyed last, after every easy handle has left it.
  std::unique_ptr<CURLM, MultiCleanup> multi;
  std::map<Id, std::unique_ptr<Transfer>> transfers;
  std::vector<Finished> early;  // finished without running (setup errors, cancel_all)
  Id next_id = 1;

  void collect(std::vector<Finished>& out) {
    int queued = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi.get(), &queued)) {
      if (msg->msg != CURLMSG_DONE) continue;
      void* priv = nullptr;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &priv);
      const CURLcode code = msg->data.result;  // read before the handle is removed
      auto* t = static_cast<Transfer*>(priv);
      curl_multi_remove_handle(multi.get(), msg->easy_handle);
      const auto it = transfers.find(t->id);
      if (it == transfers.end()) continue;
      t->finish(code);
      out.push_back({it->first, std::move(t->response)});
      transfers.erase(it);
    }
  }
};

MultiFetcher::MultiFetcher() : impl_(std::make_unique<Impl>()) {}
MultiFetcher::~MultiFetcher() = default;

MultiFetcher::Id MultiFetcher::start(const ClientRequest& request) {
  const Id id = impl_->next_id++;
  auto t = std::make_unique<Transfer>(request);
  t->id = id;
  if (!impl_->multi) t->setup_error = "libcurl could not create a multi handle";
  if (!t->setup_error.empty() || !t->setup() ||
      curl_multi_add_handle(impl_->multi.get(), t->easy.get()) != CURLM_OK) {
    if (t->setup_error.empty()) t->setup_error = "libcurl refused the transfer";
    t->finish(CURLE_OK);
    impl_->early.push_back({id, std::move(t->response)});
    return id;
  }
  impl_->transfers.emplace(id, std::move(t));
  return id;
}

std::vector<MultiFetcher::Finished> MultiFetcher::poll(std::chrono::milliseconds wait) {
  std::vector<Finished> out = std::move(impl_->early);
  impl_->early.clear();
  if (!impl_->multi) return out;
  int running = 0;
  curl_multi_perform(impl_->multi.get(), &running);
  impl_->collect(out);
  if (!out.empty()) return out;
  // Waits on the transfers' sockets, libcurl's own timers (each transfer's deadline) and
  // wakeup(), whichever comes first.
  curl_multi_poll(impl_->multi.get(), nullptr, 0,
                  static_cast<int>(std::clamp<std::int64_t>(wait.count(), 0, 60'000)), nullptr);
  curl_multi_perform(impl_->multi.get(), &running);
  impl_->collect(out);
  return out;
}

void MultiFetcher::wakeup() {
  if (impl_->multi) curl_multi_wakeup(impl_->multi.get());
}

void MultiFetcher::cancel_all() {
  for (auto& [id, t] : impl_->transfers) {
    curl_multi_remove_handle(impl_->multi.get(), t->easy.get());
    t->response.elapsed =
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t->started);
    t->response.error = FetchError::aborted;
    t->response.error_text = "cancelled";
    impl_->early.push_back({id, std::move(t->response)});
  }
  impl_->transfers.clear();
}

std::size_t MultiFetcher::in_flight() const {
  return impl_->transfers.size();
}

}  // namespace idv::demo::http
