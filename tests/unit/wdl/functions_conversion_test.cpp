// Conversion functions: the reference's examples, binary values, and errors.
#include <gtest/gtest.h>

#include "eval_helpers.hpp"

using namespace mailflow::wdl::test;

TEST(ConversionFunctions, ReferenceExamples) {
  check_table({
      {"@array('hello')", "[\"hello\"]"},
      {"@base64('hello')", "\"aGVsbG8=\""},
      {"@base64ToString('aGVsbG8=')", "\"hello\""},
      {"@decodeBase64('aGVsbG8=')", "\"hello\""},
      {"@base64ToBinary('aGVsbG8=')", "{\"$content-type\":\"application/octet-stream\",\"$content\":\"aGVsbG8=\"}"},
      {"@binary('hello')", "{\"$content-type\":\"application/octet-stream\",\"$content\":\"aGVsbG8=\"}"},
      {"@base64(binary('hi'))", "\"aGk=\""},
      {"@bool(1)", "true"},
      {"@bool(0)", "false"},
      {"@bool('true')", "true"},
      {"@bool('False')", "false"},
      {"@coalesce(null, true, false)", "true"},
      {"@coalesce(null, 'hello', 'world')", "\"hello\""},
      {"@coalesce(null, null, null)", "null"},
      {"@dataUri('hello')", "\"data:text/plain;charset=utf-8;base64,aGVsbG8=\""},
      {"@dataUriToString('data:text/plain;charset=utf-8;base64,aGVsbG8=')", "\"hello\""},
      {"@dataUriToBinary('data:text/plain;charset=utf-8;base64,aGVsbG8=')",
       "{\"$content-type\":\"text/plain;charset=utf-8\",\"$content\":\"aGVsbG8=\"}"},
      {"@decodeDataUri('data:text/plain;charset=utf-8;base64,aGVsbG8=')",
       "{\"$content-type\":\"text/plain;charset=utf-8\",\"$content\":\"aGVsbG8=\"}"},
      {"@dataUriToString('data:,a%20b')", "\"a b\""},
      {"@decodeUriComponent('https%3A%2F%2Fcontoso.com')", "\"https://contoso.com\""},
      {"@encodeUriComponent('https://contoso.com')", "\"https%3A%2F%2Fcontoso.com\""},
      {"@uriComponent('https://contoso.com')", "\"https%3A%2F%2Fcontoso.com\""},
      {"@uriComponentToString('http%3A%2F%2Fcontoso.com')", "\"http://contoso.com\""},
      {"@uriComponentToBinary('http%3A%2F%2Fcontoso.com')",
       "{\"$content-type\":\"application/octet-stream\",\"$content\":\"aHR0cDovL2NvbnRvc28uY29t\"}"},
      {"@encodeUriComponent('a b~ü')", "\"a%20b~%C3%BC\""},
      {"@decodeUriComponent('100%')", "\"100%\""},
      {"@float('10.333')", "10.333"},
      {"@float('10')", "10.0"},
      {"@float('10,000.333')", "10000.333"},
      {"@float('10.000,333', 'de-DE')", "10000.333"},
      {"@decimal('1.2345678912312131')", "1.234567891231213"},
      {"@isInt('10')", "true"},
      {"@isInt('10.5')", "false"},
      {"@isFloat('10,000.00')", "true"},
      {"@isFloat('10.000,00', 'de-DE')", "true"},
      {"@isFloat('abc')", "false"},
      {"@float(2)", "2.0"},
      {"@int('10')", "10"},
      {"@int(' -7 ')", "-7"},
      {"@int(2.5)", "2"},
      {"@int(3.5)", "4"},
      {"@json('{\"fullName\": \"Sophia Owen\"}')", "{\"fullName\":\"Sophia Owen\"}"},
      {"@json('[1, 2.5, \"x\"]')", "[1,2.5,\"x\"]"},
      {"@string(10)", "\"10\""},
      {"@string(json('{\"name\": \"Sophie Owen\"}'))", "\"{\\\"name\\\":\\\"Sophie Owen\\\"}\""},
      {"@string(true)", "\"True\""},
      {"@string(null)", "\"\""},
      {"@string(2.50)", "\"2.5\""},
  });
}

TEST(ConversionFunctions, Errors) {
  EXPECT_EQ(error_of("@int('abc')"), "function 'int': argument 1 (value) 'abc' is not a valid integer (at position 1)");
  EXPECT_NE(error_of("@float('1.2.3')").find("not a valid floating-point number"), std::string::npos);
  EXPECT_NE(error_of("@bool('yes')").find("cannot be converted to a boolean"), std::string::npos);
  EXPECT_NE(error_of("@json('{bad')").find("is not valid JSON"), std::string::npos);
  EXPECT_NE(error_of("@base64ToString('%%%')").find("not valid base64"), std::string::npos);
  EXPECT_NE(error_of("@dataUriToString('hello')").find("data:"), std::string::npos);
  std::string deep(200, '[');
  EXPECT_NE(error_of("@json('" + deep + "')").find("not valid JSON"), std::string::npos);
}
