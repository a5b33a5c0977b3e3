// URI functions and JSON object functions: the reference's examples and errors.
#include <gtest/gtest.h>

#include "eval_helpers.hpp"

using namespace mailflow::wdl::test;

TEST(UriFunctions, ReferenceExamples) {
  check_table({
      {"@uriHost('https://www.localhost.com:8080')", "\"www.localhost.com\""},
      {"@uriPath('https://www.contoso.com/catalog/shownew.htm?date=today')", "\"/catalog/shownew.htm\""},
      {"@uriPath('https://www.contoso.com')", "\"/\""},
      {"@uriPathAndQuery('https://www.contoso.com/catalog/shownew.htm?date=today')",
       "\"/catalog/shownew.htm?date=today\""},
      {"@uriPort('https://www.localhost:8080')", "8080"},
      {"@uriPort('https://www.localhost')", "443"},
      {"@uriPort('http://www.localhost')", "80"},
      {"@uriQuery('https://www.contoso.com/catalog/shownew.htm?date=today')", "\"?date=today\""},
      {"@uriQuery('https://www.contoso.com/x#frag')", "\"\""},
      {"@uriScheme('https://www.contoso.com/catalog/shownew.htm?date=today')", "\"https\""},
      {"@uriHost('http://user:pw@[::1]:81/x')", "\"[::1]\""},
  });
  EXPECT_NE(error_of("@uriHost('not a uri')").find("not a valid absolute URI"), std::string::npos);
  EXPECT_NE(error_of("@uriPort('http://h:99999')").find("bad port"), std::string::npos);
}

TEST(JsonFunctions, ReferenceExamples) {
  check_table({
      {"@addProperty(json('{\"firstName\": \"Sophia\"}'), 'surName', 'Owen')",
       "{\"firstName\":\"Sophia\",\"surName\":\"Owen\"}"},
      {"@setProperty(json('{\"firstName\": \"Sophia\", \"surName\": \"Owen\"}'), 'surName', 'Hartnett')",
       "{\"firstName\":\"Sophia\",\"surName\":\"Hartnett\"}"},
      {"@removeProperty(json('{\"firstName\": \"Sophia\", \"surName\": \"Owen\"}'), 'surName')",
       "{\"firstName\":\"Sophia\"}"},
      {"@addProperty(json('{\"a\": {}}')['a'], 'b', 1)", "{\"b\":1}"},
      {"@setProperty(json('{\"a\": {\"b\": 1}}'), 'a', setProperty(json('{\"a\": {\"b\": 1}}')['a'], 'b', 2))",
       "{\"a\":{\"b\":2}}"},
  });
  EXPECT_NE(error_of("@addProperty(json('{\"a\": 1}'), 'a', 2)").find("already exists"), std::string::npos);
  EXPECT_NE(error_of("@setProperty('x', 'a', 2)").find("must be an object"), std::string::npos);
}
