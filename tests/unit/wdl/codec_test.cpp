// Byte codecs: base64 (RFC 4648 test vectors), percent-encoding, binary values.
#include "wdl/codec.hpp"

#include <gtest/gtest.h>

using namespace mailflow::wdl;

TEST(Codec, Base64Rfc4648Vectors) {
  const char* plain[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
  const char* enc[] = {"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
  for (int i = 0; i < 7; ++i) {
    EXPECT_EQ(base64_encode(plain[i]), enc[i]);
    EXPECT_EQ(base64_decode(enc[i]), std::string(plain[i]));
  }
  EXPECT_EQ(base64_decode("Zm9v\r\nYmFy"), std::string("foobar"));
  EXPECT_FALSE(base64_decode("Zm9v!").has_value());
  EXPECT_FALSE(base64_decode("Zg==Zg").has_value());
  EXPECT_FALSE(base64_decode("Z").has_value());
}

TEST(Codec, PercentEncoding) {
  EXPECT_EQ(percent_encode("a b/c?d=é~-_."), "a%20b%2Fc%3Fd%3D%C3%A9~-_.");
  EXPECT_EQ(percent_decode("a%20b%2fc"), "a b/c");
  EXPECT_EQ(percent_decode("100%"), "100%");
  EXPECT_EQ(percent_decode("%zz%4"), "%zz%4");
}

TEST(Codec, BinaryValues) {
  auto v = binary_value("hi", "text/plain");
  EXPECT_EQ(v.at("$content-type").as_string(), "text/plain");
  EXPECT_EQ(binary_bytes(v), std::string("hi"));
  EXPECT_FALSE(binary_bytes(boost::json::value("hi")).has_value());
}
