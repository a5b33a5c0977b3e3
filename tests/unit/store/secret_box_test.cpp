#include "store/secret_box.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "temp_dir.hpp"

using namespace mailflow::store;

TEST(SecretBox, CreatesMasterKeyFileOnceWithMode0600) {
  TempDir dir;
  auto a = SecretBox::open("", dir.str());
  ASSERT_TRUE(a.ok()) << a.error().message;
  struct stat st{};
  ASSERT_EQ(stat((dir.path / "master.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
  auto sealed = (*a)->seal("hunter2");
  auto b = SecretBox::open("", dir.str());  // reads the same file
  ASSERT_TRUE(b.ok());
  auto plain = (*b)->open_sealed(sealed);
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(*plain, "hunter2");
}

TEST(SecretBox, SealIsRandomisedAndHidesPlaintext) {
  TempDir dir;
  auto box = SecretBox::open("env-master-key", dir.str());
  ASSERT_TRUE(box.ok());
  auto s1 = (*box)->seal("password");
  auto s2 = (*box)->seal("password");
  EXPECT_NE(s1, s2);
  EXPECT_EQ(s1.find("password"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir.path / "master.key"));  // env key: no file
}

TEST(SecretBox, WrongKeyIsAClearError) {
  TempDir dir;
  auto a = SecretBox::open("key-one", dir.str());
  auto b = SecretBox::open("key-two", dir.str());
  auto r = (*b)->open_sealed((*a)->seal("x"));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("master key"), std::string::npos);
  EXPECT_FALSE((*a)->open_sealed("not base64 at all!").ok());
}
