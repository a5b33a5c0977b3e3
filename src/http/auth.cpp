#include "http/auth.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <cstring>

#include "asio/offload.hpp"
#include "core/clock.hpp"
#include "core/ids.hpp"

namespace mailflow::http {
namespace {
std::string presented_key(const Request& r) {
  if (const auto* a = r.header("authorization")) {
    std::string_view v = *a;
    if (v.size() > 7 && strncasecmp(v.data(), "Bearer ", 7) == 0) return std::string(v.substr(7));
  }
  if (const auto* k = r.header("x-api-key")) return *k;
  return {};
}
}  // namespace

std::string sha256_hex(std::string_view data) {
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(h, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  char hex[sizeof h * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, h, sizeof h);
  return hex;
}

std::string new_api_key() { return "mf_" + core::random_token(32); }

boost::asio::awaitable<core::Result<Principal>> Authenticator::authenticate(const Request& r) {
  std::string key = presented_key(r);
  if (key.empty())
    co_return core::Error(
        core::Code::Unauthorized,
        "an API key is required: send 'Authorization: Bearer KEY' or 'X-API-Key: KEY'");
  std::string hash = sha256_hex(key);
  {
    std::lock_guard lock(mu_);
    if (auto it = cache_.find(hash); it != cache_.end()) co_return it->second;
  }
  auto found_op = offload(blocking_, [this, hash] { return store_.find_api_key(hash); });
  auto found = co_await std::move(found_op);
  if (!found) co_return std::move(found).error();
  if (!found->has_value())
    co_return core::Error(core::Code::Unauthorized, "the API key is not valid");
  Principal p{(*found)->id, (*found)->scopes};
  std::lock_guard lock(mu_);
  cache_[hash] = p;
  co_return p;
}

void Authenticator::forget_all() {
  std::lock_guard lock(mu_);
  cache_.clear();
}

core::Result<bool> Authenticator::bootstrap_admin_key(const std::string& key_file) {
  auto n = store_.count_api_keys();
  if (!n) return std::move(n).error();
  if (*n > 0) return false;
  std::string key = new_api_key();
  store::ApiKeyRecord rec{core::new_ulid(),
                          "admin (created at first start)",
                          {"admin"},
                          key.substr(0, 8),
                          core::now_rfc3339()};
  ::unlink(key_file.c_str());
  int fd = ::open(key_file.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0)
    return core::Error(core::Code::Internal,
                       "cannot write the admin key to " + key_file + ": " + std::strerror(errno));
  std::string line = key + "\n";
  bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  ::close(fd);
  if (!ok) return core::Error(core::Code::Internal, "cannot write the admin key to " + key_file);
  if (auto s = store_.create_api_key(rec, sha256_hex(key)); !s) return std::move(s).error();
  return true;
}

}  // namespace mailflow::http
