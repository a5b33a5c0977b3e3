// API-key authentication: `Authorization: Bearer KEY` or `X-API-Key: KEY`. Keys are stored as
// SHA-256 hashes; a small in-memory cache keeps the store off the hot path of every request.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>
#include <mutex>
#include <string>
#include <unordered_map>

#include "http/message.hpp"
#include "store/store.hpp"

namespace mailflow::http {

std::string sha256_hex(std::string_view data);
std::string new_api_key();  // "mf_" + 43 URL-safe characters (256 bits)

class Authenticator {
 public:
  Authenticator(store::Store& store, boost::asio::thread_pool& blocking)
      : store_(store), blocking_(blocking) {}

  // Unauthorized when the key is missing or unknown.
  boost::asio::awaitable<core::Result<Principal>> authenticate(const Request& r);
  void forget_all();  // after a key is deleted

  // Creates the first admin key when the store has none; writes it to `key_file` (0600).
  // Returns true when a key was created.
  core::Result<bool> bootstrap_admin_key(const std::string& key_file);

 private:
  store::Store& store_;
  boost::asio::thread_pool& blocking_;
  std::mutex mu_;
  std::unordered_map<std::string, Principal> cache_;  // key hash → principal
};

}  // namespace mailflow::http
