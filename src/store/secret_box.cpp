#include "store/secret_box.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>

namespace mailflow::store {
namespace {
using Key = std::array<unsigned char, SecretBox::kKeyBytes>;

std::string b64(const unsigned char* p, std::size_t n) {
  std::string out(sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), p, n, sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

bool unb64(std::string_view in, std::string& out) {
  out.assign(in.size(), '\0');
  std::size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), in.data(),
                        in.size(), " \r\n", &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
    return false;
  out.resize(len);
  return true;
}

Key derive(std::string_view material) {
  Key k{};
  crypto_generichash(k.data(), k.size(), reinterpret_cast<const unsigned char*>(material.data()),
                     material.size(), nullptr, 0);
  return k;
}

// Reads DATA_DIR/master.key, or creates it (O_EXCL, 0600) with 32 random bytes in base64.
core::Result<Key> key_file(const std::string& data_dir) {
  const std::string path = data_dir + "/master.key";
  std::ifstream in(path);
  if (in) {
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    if (text.empty()) return core::Error(core::Code::Internal, path + " is empty");
    return derive(text);
  }
  Key raw{};
  randombytes_buf(raw.data(), raw.size());
  std::string text = b64(raw.data(), raw.size());
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0)
    return core::Error(core::Code::Internal, "cannot create " + path + ": " + strerror(errno));
  std::string line = text + "\n";
  bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  ok = ::fsync(fd) == 0 && ok;
  ::close(fd);
  if (!ok) return core::Error(core::Code::Internal, "cannot write " + path);
  return derive(text);
}
}  // namespace

SecretBox::~SecretBox() { sodium_memzero(key_.data(), key_.size()); }

core::Result<std::unique_ptr<SecretBox>> SecretBox::open(std::string_view env_key,
                                                         const std::string& data_dir) {
  if (sodium_init() < 0) return core::Error(core::Code::Internal, "libsodium failed to start");
  if (!env_key.empty()) return std::make_unique<SecretBox>(derive(env_key));
  auto k = key_file(data_dir);
  if (!k) return std::move(k).error();
  return std::make_unique<SecretBox>(*k);
}

std::string SecretBox::seal(std::string_view plaintext) const {
  std::string buf(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plaintext.size(), '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(buf.data());
  randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(nonce + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
                        nonce, key_.data());
  return b64(nonce, buf.size());
}

core::Result<std::string> SecretBox::open_sealed(std::string_view sealed) const {
  std::string raw;
  if (!unb64(sealed, raw) || raw.size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
    return core::Error(core::Code::Internal, "stored secret is corrupt");
  const auto* nonce = reinterpret_cast<const unsigned char*>(raw.data());
  const auto* box = nonce + crypto_secretbox_NONCEBYTES;
  std::size_t box_len = raw.size() - crypto_secretbox_NONCEBYTES;
  std::string out(box_len - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(out.data()), box, box_len, nonce,
                                 key_.data()) != 0)
    return core::Error(core::Code::Internal,
                       "a stored secret cannot be decrypted: the master key differs from the one "
                       "that encrypted it (MAILFLOW_MASTER_KEY or master.key)");
  return out;
}

}  // namespace mailflow::store
