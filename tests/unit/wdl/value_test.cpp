// Value rules: type names, text of values, Newtonsoft-like JSON text, equality.
#include "wdl/value.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

using namespace mailflow::wdl;
namespace json = boost::json;

TEST(Value, TypeNames) {
  EXPECT_EQ(type_name(json::value(1)), "Integer");
  EXPECT_EQ(type_name(json::value(1.5)), "Float");
  EXPECT_EQ(type_name(json::value(UINT64_MAX)), "Float");
  EXPECT_EQ(type_name(json::value("x")), "String");
  EXPECT_EQ(type_name(json::value(nullptr)), "Null");
  EXPECT_EQ(type_name(json::array{}), "Array");
  EXPECT_EQ(type_name(json::object{}), "Object");
  EXPECT_EQ(type_name(json::value(true)), "Boolean");
}

TEST(Value, FormatDoubleLikeDotNet) {
  EXPECT_EQ(format_double(2.2), "2.2");
  EXPECT_EQ(format_double(10.0), "10");
  EXPECT_EQ(format_double(-0.5), "-0.5");
  EXPECT_EQ(format_double(1e15), "1E+15");
  EXPECT_EQ(format_double(123456789012345.0), "123456789012345");
  EXPECT_EQ(format_double(0.0001), "0.0001");
  EXPECT_EQ(format_double(0.00001), "1E-05");
  EXPECT_EQ(format_double(1.7976931348623157e308), "1.7976931348623157E+308");
  EXPECT_EQ(format_double(0.1 + 0.2), "0.30000000000000004");
}

TEST(Value, TextAndJson) {
  auto v = json::parse(R"({"a": [1, 2.0, true, null, "x\"y"]})");
  EXPECT_EQ(to_text(v), R"({"a":[1,2.0,true,null,"x\"y"]})");
  EXPECT_EQ(to_text(json::value(true)), "True");
  EXPECT_EQ(to_text(json::value(nullptr)), "");
  EXPECT_EQ(to_json_text(json::value(3.0)), "3.0");
  EXPECT_EQ(to_json_text(json::value(1e300)), "1E+300");
}

TEST(Value, Equality) {
  EXPECT_TRUE(values_equal(json::value(1), json::value(1.0)));
  EXPECT_TRUE(values_equal(json::value(true), json::value(1)));
  EXPECT_FALSE(values_equal(json::value(false), json::value(1)));
  EXPECT_TRUE(values_equal(json::value(nullptr), json::value("")));
  EXPECT_FALSE(values_equal(json::value(nullptr), json::value(0)));
  EXPECT_FALSE(values_equal(json::value("1"), json::value(1)));
  EXPECT_TRUE(values_equal(json::parse("[1,{\"a\":[]}]"), json::parse("[1.0,{\"a\":[]}]")));
  EXPECT_FALSE(values_equal(json::parse("{\"a\":1}"), json::parse("{\"a\":1,\"b\":2}")));
}
