// libcurl easy transfer, one hop at a time (see transfer.hpp for why redirects are ours).
#include "workflow/http/transfer.hpp"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <chrono>
#include <memory>
#include <mutex>

#include "workflow/http/url.hpp"
#include "workflow/text.hpp"

namespace mailflow::workflow::http {

namespace {
using Clock = std::chrono::steady_clock;
using Easy = std::unique_ptr<CURL, decltype(&curl_easy_cleanup)>;
using Slist = std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)>;

void global_init_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// What one hop's callbacks see and record.
struct Hop {
  const AllowList* allowed = nullptr;
  bool check_addresses = false;  // the host name matched no entry: judge each address
  std::string refused_address;
  std::size_t max_bytes = 0;
  bool too_large = false;
  Response response;
};

std::string address_text(const sockaddr* a) {
  char buf[INET6_ADDRSTRLEN] = "?";
  if (a->sa_family == AF_INET)
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(a)->sin_addr, buf, sizeof buf);
  else if (a->sa_family == AF_INET6)
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(a)->sin6_addr, buf, sizeof buf);
  return buf;
}

// Called by curl right before each connect, with the resolved address: the allow-list's last
// word, so DNS cannot route an allowed-looking URL to a refused address.
curl_socket_t open_socket(void* data, curlsocktype, curl_sockaddr* address) {
  auto* hop = static_cast<Hop*>(data);
  if (hop->check_addresses && !hop->allowed->allows_address(&address->addr)) {
    hop->refused_address = address_text(&address->addr);
    return CURL_SOCKET_BAD;
  }
  return socket(address->family, address->socktype, address->protocol);
}

std::size_t on_header(char* data, std::size_t size, std::size_t n, void* user) {
  auto* hop = static_cast<Hop*>(user);
  std::string_view line(data, size * n);
  if (line.rfind("HTTP/", 0) == 0) {  // a new response (after 100 Continue): start over
    hop->response.headers.clear();
    return size * n;
  }
  auto colon = line.find(':');
  if (colon == std::string_view::npos) return size * n;
  auto trim = [](std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == '\r' || s.back() == '\n' || s.back() == ' '))
      s.remove_suffix(1);
    return s;
  };
  hop->response.headers.emplace_back(std::string(trim(line.substr(0, colon))),
                                     std::string(trim(line.substr(colon + 1))));
  return size * n;
}

std::size_t on_body(char* data, std::size_t size, std::size_t n, void* user) {
  auto* hop = static_cast<Hop*>(user);
  if (hop->response.body.size() + size * n > hop->max_bytes) {
    hop->too_large = true;
    return 0;  // anything but size*n aborts the transfer
  }
  hop->response.body.append(data, size * n);
  return size * n;
}

std::string duration_text(std::chrono::milliseconds d) {
  auto ms = d.count();
  return ms % 1000 == 0 ? std::to_string(ms / 1000) + " s" : std::to_string(ms) + " ms";
}

bool needs_body(std::string_view method) {
  return method == "POST" || method == "PUT" || method == "PATCH";
}

void set_method_and_body(CURL* c, const Request& r) {
  if (r.method == "HEAD") {
    curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
  } else if (r.method == "GET" && !r.body) {
    curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
  } else {
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, r.method.c_str());
  }
  if (r.body || needs_body(r.method)) {  // POST without a body still says Content-Length: 0
    curl_off_t size = r.body ? static_cast<curl_off_t>(r.body->size()) : 0;
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, size);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, r.body ? r.body->data() : "");
  }
}

Slist header_list(const HeaderList& headers) {
  curl_slist* list = nullptr;
  // Expect: 100-continue costs a round trip (or a 1 s stall) on servers that ignore it.
  list = curl_slist_append(list, "Expect:");
  for (const auto& [name, value] : headers) {
    // "Name;" is curl's spelling of a header with an empty value.
    std::string line = value.empty() ? name + ";" : name + ": " + value;
    list = curl_slist_append(list, line.c_str());
  }
  return Slist(list, &curl_slist_free_all);
}

TransferResult one_hop(CURL* c, const Request& r, const HttpOptions& o, bool check_addresses,
                       std::chrono::milliseconds remaining) {
  Hop hop;
  hop.allowed = &o.allowed;
  hop.check_addresses = check_addresses;
  hop.max_bytes = o.max_response_bytes;
  char errbuf[CURL_ERROR_SIZE] = "";
  curl_easy_reset(c);  // options only; the connection cache survives, so a hop can reuse it
  curl_easy_setopt(c, CURLOPT_URL, r.url.c_str());
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_PROXY, "");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(remaining.count()));
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!o.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, o.ca_file.c_str());
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, &open_socket);
  curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, &hop);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, &on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &hop);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &hop);
  set_method_and_body(c, r);
  Slist headers = header_list(r.headers);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());

  CURLcode rc = curl_easy_perform(c);
  std::string where = redact_url(r.url);
  if (rc != CURLE_OK) {
    if (!hop.refused_address.empty() && rc == CURLE_COULDNT_CONNECT)
      return TransferError{TransferError::Kind::NotAllowed,
                           "the outbound allow-list does not allow " + where + " (address " +
                               hop.refused_address + "); nothing was sent"};
    if (hop.too_large)
      return TransferError{TransferError::Kind::TooLarge,
                           "the answer from " + where + " is larger than the limit of " +
                               std::to_string(o.max_response_bytes) + " bytes"};
    if (rc == CURLE_OPERATION_TIMEDOUT)
      return TransferError{TransferError::Kind::Timeout, "no answer from " + where + " within " +
                                                             duration_text(o.timeout) +
                                                             " (the request timeout)"};
    std::string detail = errbuf[0] ? errbuf : curl_easy_strerror(rc);
    return TransferError{TransferError::Kind::Connection,
                         "could not reach " + where + ": " + detail};
  }
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  hop.response.status = static_cast<int>(status);
  hop.response.url = r.url;
  return std::move(hop.response);
}

bool is_redirect(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

// The request for the next hop, as browsers and curl do it: 303 (and 301/302 after a POST)
// become a GET without a body; credentials stay with the origin they were meant for.
Request next_hop(const Request& r, int status, std::string location) {
  Request next = r;
  next.url = std::move(location);
  if ((status == 303 && r.method != "HEAD") ||
      ((status == 301 || status == 302) && r.method == "POST")) {
    next.method = "GET";
    next.body.reset();
    std::erase_if(next.headers, [](const auto& h) { return iequals(h.first, "Content-Type"); });
  }
  if (url_origin(next.url) != url_origin(r.url))
    std::erase_if(next.headers, [](const auto& h) {
      return iequals(h.first, "Authorization") || iequals(h.first, "Cookie");
    });
  return next;
}
}  // namespace

std::optional<std::string> header_value(const HeaderList& headers, std::string_view name) {
  for (const auto& [n, v] : headers)
    if (iequals(n, name)) return v;
  return std::nullopt;
}

TransferResult perform(const Request& request, const HttpOptions& options) {
  global_init_once();
  Easy easy(curl_easy_init(), &curl_easy_cleanup);
  if (!easy) return TransferError{TransferError::Kind::Connection, "libcurl could not start"};
  auto deadline = Clock::now() + options.timeout;
  Request current = request;
  for (int hop = 0;; ++hop) {
    auto host = url_host(current.url);
    if (!host)
      return TransferError{TransferError::Kind::Connection,
                           "'" + redact_url(current.url) + "' is not a URL curl can use"};
    bool name_allowed = options.allowed.empty() || options.allowed.allows_host(*host);
    auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (remaining.count() <= 0)
      return TransferError{TransferError::Kind::Timeout,
                           "no answer from " + redact_url(current.url) + " in time"};
    TransferResult r = one_hop(easy.get(), current, options, !name_allowed, remaining);
    auto* response = std::get_if<Response>(&r);
    if (!response || !is_redirect(response->status) || hop >= options.max_redirects) return r;
    auto location = header_value(response->headers, "Location");
    auto target = location ? resolve_url(current.url, *location) : std::nullopt;
    if (!target) return r;  // a 3xx without a usable Location is the answer
    current = next_hop(current, response->status, std::move(*target));
  }
}

}  // namespace mailflow::workflow::http
