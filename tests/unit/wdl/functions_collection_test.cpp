// Collection functions: the reference's examples and their errors.
#include <gtest/gtest.h>

#include "eval_helpers.hpp"

using namespace mailflow::wdl::test;

TEST(CollectionFunctions, ReferenceExamples) {
  check_table({
      {"@contains('hello world', 'world')", "true"},
      {"@contains('hello world', 'universe')", "false"},
      {"@contains('hello world', 'World')", "false"},
      {"@contains(createArray('a', 'b'), 'b')", "true"},
      {"@contains(createArray(1, 2), 2.0)", "true"},
      {"@contains(json('{\"k\": 1}'), 'k')", "true"},
      {"@empty('')", "true"},
      {"@empty('abc')", "false"},
      {"@empty(createArray())", "ERROR: function 'createArray' expects at least 1 argument but got 0 (at position 7)"},
      {"@empty(json('[]'))", "true"},
      {"@empty(json('{}'))", "true"},
      {"@empty(null)", "true"},
      {"@first('hello')", "\"h\""},
      {"@first(createArray(0, 1, 2))", "0"},
      {"@first(json('[]'))", "null"},
      {"@last('abcd')", "\"d\""},
      {"@last(createArray(0, 1, 2, 3))", "3"},
      {"@join(createArray('a', 'b', 'c'), '.')", "\"a.b.c\""},
      {"@join(createArray(1, true, null, 'x'), ',')", "\"1,True,,x\""},
      {"@skip(createArray(0, 1, 2, 3), 1)", "[1,2,3]"},
      {"@skip(createArray(0, 1), 5)", "[]"},
      {"@take('abcde', 3)", "\"abc\""},
      {"@take(createArray(0, 1, 2, 3, 4), 3)", "[0,1,2]"},
      {"@union(createArray(1, 2, 3), createArray(1, 2, 10, 101))", "[1,2,3,10,101]"},
      {"@union(json('{\"a\":1,\"b\":2}'), json('{\"b\":3,\"c\":4}'))", "{\"a\":1,\"b\":3,\"c\":4}"},
      {"@intersection(createArray(1, 2, 3), createArray(101, 2, 1, 10), createArray(6, 8, 1, 2))", "[1,2]"},
      {"@intersection(json('{\"a\":1,\"b\":2}'), json('{\"a\":1,\"b\":3}'))", "{\"a\":1}"},
      {"@createArray('h', 'e', 'l', 'l', 'o')", "[\"h\",\"e\",\"l\",\"l\",\"o\"]"},
      {"@range(1, 4)", "[1,2,3,4]"},
      {"@range(5, 0)", "[]"},
      {"@reverse(createArray(0, 1, 2, 3))", "[3,2,1,0]"},
      {"@sort(createArray(2, 1, 0, 3))", "[0,1,2,3]"},
      {"@sort(createArray('b', 'a', 'c'))", "[\"a\",\"b\",\"c\"]"},
      {"@sort(json('[{\"n\":2},{\"n\":1}]'), 'n')", "[{\"n\":1},{\"n\":2}]"},
      {"@chunk('abcdefghijklmnopqrstuvwxyz', 10)", "[\"abcdefghij\",\"klmnopqrst\",\"uvwxyz\"]"},
      {"@chunk(createArray(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12), 5)", "[[1,2,3,4,5],[6,7,8,9,10],[11,12]]"},
      {"@length(createArray(0, 1, 2))", "3"},
  });
}

TEST(CollectionFunctions, Errors) {
  EXPECT_EQ(error_of("@join('abc', ',')"),
            "function 'join': argument 1 (collection) must be an array, but it is of type 'String' (at position 1)");
  EXPECT_NE(error_of("@range(1, 100001)").find("over the limit of 100000"), std::string::npos);
  EXPECT_NE(error_of("@range(1, -1)").find("negative"), std::string::npos);
  EXPECT_NE(error_of("@union(createArray(1), json('{}'))").find("argument 2"), std::string::npos);
  EXPECT_NE(error_of("@chunk('abc', 0)").find("greater than 0"), std::string::npos);
  EXPECT_NE(error_of("@length(1)").find("must be a string, an array or an object"), std::string::npos);
  EXPECT_NE(error_of("@sort(createArray(1, 2), 'x')").find("object"), std::string::npos);
}

TEST(CollectionFunctions, ArrayLimit) {
  mailflow::wdl::Limits lim;
  lim.max_array_items = 3;
  auto ctx = context();
  auto r = mailflow::wdl::evaluate_template("@split('a,b,c,d', ',')", ctx, lim);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("over the limit of 3"), std::string::npos);
}

TEST(CollectionFunctions, LargeUnionAndIntersectionStayFast) {
  // Hash-indexed: 2 × 100 000 items would be 10^10 comparisons the naive way.
  EXPECT_EQ(run("@length(union(range(0, 100000), range(50000, 100000)))"), "150000");
  EXPECT_EQ(run("@length(intersection(range(0, 100000), range(50000, 100000)))"), "50000");
  EXPECT_EQ(run("@union(createArray(1, 1.0, true, '', null), createArray(json('{\"a\":1}'), json('{\"a\":1.0}')))"),
            "[1,\"\",{\"a\":1}]");
}
