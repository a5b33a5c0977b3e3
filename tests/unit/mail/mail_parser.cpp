// See mail_parser.hpp.
#include "mail_parser.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>

#include "core/ids.hpp"

namespace mailflow::mail::testing {

boost::json::value parse_with_python(const std::string& message) {
  const auto dir = std::filesystem::temp_directory_path();
  const auto path = dir / ("mailflow-mail-" + core::new_ulid() + ".eml");
  {
    std::ofstream out(path, std::ios::binary);
    out << message;
  }
  const std::string cmd = std::string("/usr/bin/python3 ") + MAILFLOW_SOURCE_DIR +
                          "/tests/support/parse_mail.py " + path.string();
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(cmd.c_str(), "r"), &pclose);
  std::string output;
  std::array<char, 65536> buf{};
  if (pipe) {
    std::size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), pipe.get())) > 0) output.append(buf.data(), n);
  }
  const int rc = pclose(pipe.release());
  std::filesystem::remove(path);
  EXPECT_EQ(rc, 0) << "parse_mail.py failed";
  boost::system::error_code ec;
  auto v = boost::json::parse(output, ec);
  EXPECT_FALSE(ec) << "parse_mail.py printed no JSON: " << output.substr(0, 500);
  return v;
}

std::string to_base64(const std::string& bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

}  // namespace mailflow::mail::testing
