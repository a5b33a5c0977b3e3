// URL helpers over curl's CURLU handle.
#include "workflow/http/url.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <memory>

#include "wdl/codec.hpp"

namespace mailflow::workflow::http {

namespace {
using Url = std::unique_ptr<CURLU, decltype(&curl_url_cleanup)>;

Url parse(std::string_view url) {
  Url h(curl_url(), &curl_url_cleanup);
  if (h && curl_url_set(h.get(), CURLUPART_URL, std::string(url).c_str(), 0) != CURLUE_OK)
    h.reset();
  return h;
}

std::optional<std::string> part(CURLU* h, CURLUPart which, unsigned flags = 0) {
  char* s = nullptr;
  if (curl_url_get(h, which, &s, flags) != CURLUE_OK || !s) return std::nullopt;
  std::string out(s);
  curl_free(s);
  return out;
}
}  // namespace

std::optional<std::string> url_host(std::string_view url) {
  auto h = parse(url);
  return h ? part(h.get(), CURLUPART_HOST) : std::nullopt;
}

std::optional<std::string> url_origin(std::string_view url) {
  auto h = parse(url);
  if (!h) return std::nullopt;
  auto scheme = part(h.get(), CURLUPART_SCHEME);
  auto host = part(h.get(), CURLUPART_HOST);
  auto port = part(h.get(), CURLUPART_PORT, CURLU_DEFAULT_PORT);
  if (!scheme || !host || !port) return std::nullopt;
  std::string origin = *scheme + "://" + *host + ":" + *port;
  std::transform(origin.begin(), origin.end(), origin.begin(),
                 [](unsigned char c) { return std::tolower(c); });  // names ignore case
  return origin;
}

std::optional<std::string> resolve_url(std::string_view base, std::string_view reference) {
  auto h = parse(base);
  if (!h) return std::nullopt;
  // With a URL already in the handle, curl resolves a relative one against it (RFC 3986 §5).
  if (curl_url_set(h.get(), CURLUPART_URL, std::string(reference).c_str(), 0) != CURLUE_OK)
    return std::nullopt;
  return part(h.get(), CURLUPART_URL);
}

std::optional<std::string> append_queries(std::string_view url, const HeaderList& queries) {
  if (!parse(url)) return std::nullopt;
  // By hand, not CURLU_APPENDQUERY: curl rewrites escapes in lower case (%c3), .NET and Azure
  // write them in upper case (%C3), and some signature schemes compare the bytes.
  std::string_view fragment;
  if (auto hash = url.find('#'); hash != std::string_view::npos) {
    fragment = url.substr(hash);
    url = url.substr(0, hash);
  }
  std::string out(url);
  for (const auto& [name, value] : queries) {
    if (out.find('?') == std::string::npos)
      out += '?';
    else if (out.back() != '?' && out.back() != '&')
      out += '&';
    out += wdl::percent_encode(name) + "=" + wdl::percent_encode(value);
  }
  out += fragment;
  return out;
}

std::string redact_url(std::string_view url) {
  auto h = parse(url);
  if (!h) return "(a malformed URL)";
  auto scheme = part(h.get(), CURLUPART_SCHEME).value_or("?");
  auto host = part(h.get(), CURLUPART_HOST).value_or("?");
  auto port = part(h.get(), CURLUPART_PORT);
  auto path = part(h.get(), CURLUPART_PATH).value_or("/");
  return scheme + "://" + host + (port ? ":" + *port : "") + path;
}

}  // namespace mailflow::workflow::http
