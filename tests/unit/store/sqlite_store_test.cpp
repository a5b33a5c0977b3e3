#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "store/secret_box.hpp"
#include "store/store.hpp"
#include "temp_dir.hpp"

using namespace mailflow::store;

namespace {
struct Fixture : ::testing::Test {
  TempDir dir;
  std::unique_ptr<SecretBox> box = SecretBox::open("test-key", dir.str()).value();
  std::string db_path = dir.str() + "/mailflow.db";
  std::unique_ptr<Store> store = open_store("sqlite:" + db_path, *box).value();
};

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
}  // namespace

TEST_F(Fixture, PutCreatesThenReplaces) {
  ConnectionRecord c{"dev", R"({"serverAddress":"localhost"})", "s3cret-password", "", ""};
  auto created = store->put_connection(c);
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_TRUE(*created);
  c.settings_json = R"({"serverAddress":"mail.example.com"})";
  auto replaced = store->put_connection(c);
  ASSERT_TRUE(replaced.ok());
  EXPECT_FALSE(*replaced);
  auto got = store->get_connection("dev");
  ASSERT_TRUE(got.ok());
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ((*got)->settings_json, c.settings_json);
  EXPECT_EQ((*got)->password, "s3cret-password");
  EXPECT_FALSE((*got)->created_at.empty());
}

TEST_F(Fixture, PasswordIsNotOnDiskInClear) {
  ASSERT_TRUE(store->put_connection({"x", "{}", "very-distinctive-password-123", "", ""}).ok());
  store.reset();  // close, so WAL content is checkpointed into the main file
  auto bytes = file_bytes(db_path) + file_bytes(db_path + "-wal");
  EXPECT_EQ(bytes.find("very-distinctive-password-123"), std::string::npos);
}

TEST_F(Fixture, ListAndDelete) {
  ASSERT_TRUE(store->put_connection({"b", "{}", std::nullopt, "", ""}).ok());
  ASSERT_TRUE(store->put_connection({"a", "{}", std::nullopt, "", ""}).ok());
  auto all = store->list_connections();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].name, "a");
  EXPECT_FALSE((*all)[0].password.has_value());
  EXPECT_TRUE(*store->delete_connection("a"));
  EXPECT_FALSE(*store->delete_connection("a"));
  EXPECT_FALSE(store->get_connection("a")->has_value());
}

TEST_F(Fixture, ApiKeysByHash) {
  ApiKeyRecord k{"01ID", "ci", {"send", "read"}, "mf_abcd", "2026-01-01T00:00:00.000Z"};
  ASSERT_TRUE(store->create_api_key(k, "hash1").ok());
  EXPECT_FALSE(store->create_api_key(k, "hash1").ok());  // same id and hash: refused
  auto found = store->find_api_key("hash1");
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->scopes, (std::vector<std::string>{"send", "read"}));
  EXPECT_FALSE(store->find_api_key("nope")->has_value());
  EXPECT_EQ(*store->count_api_keys(), 1);
  EXPECT_TRUE(*store->delete_api_key("01ID"));
  EXPECT_EQ(*store->count_api_keys(), 0);
}

TEST_F(Fixture, ReopenKeepsDataAndSchema) {
  ASSERT_TRUE(store->put_connection({"keep", "{}", "pw", "", ""}).ok());
  store.reset();
  auto again = open_store(db_path, *box);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ((*(*again)->get_connection("keep"))->password, "pw");
  EXPECT_TRUE((*again)->check_writable().ok());
}

TEST_F(Fixture, ADifferentMasterKeyIsRefusedAtOpen) {
  store.reset();
  auto other = SecretBox::open("another-key", dir.str()).value();
  auto r = open_store(db_path, *other);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("master key does not match"), std::string::npos);
}

TEST_F(Fixture, UnopenablePathIsAnError) {
  auto r = open_store("sqlite:" + dir.str() + "/no/such/dir/x.db", *box);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("open"), std::string::npos);
}
