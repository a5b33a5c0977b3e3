// SecretBox: encrypts connection secrets at rest (libsodium crypto_secretbox, XSalsa20-Poly1305).
// The master key comes from MAILFLOW_MASTER_KEY (any string, hashed to 32 bytes) or from
// DATA_DIR/master.key, created once with mode 0600. Ciphertext = base64(nonce || box).
#pragma once

#include <array>
#include <memory>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace mailflow::store {

class SecretBox {
 public:
  static constexpr std::size_t kKeyBytes = 32;
  explicit SecretBox(const std::array<unsigned char, kKeyBytes>& key) : key_(key) {}
  ~SecretBox();
  SecretBox(const SecretBox&) = delete;
  SecretBox& operator=(const SecretBox&) = delete;

  // env_key: the value of MAILFLOW_MASTER_KEY or empty; data_dir: where master.key lives.
  static core::Result<std::unique_ptr<SecretBox>> open(std::string_view env_key,
                                                       const std::string& data_dir);

  std::string seal(std::string_view plaintext) const;
  core::Result<std::string> open_sealed(std::string_view sealed) const;

 private:
  std::array<unsigned char, kKeyBytes> key_;
};

}  // namespace mailflow::store
