#include "mail/address.hpp"

#include <gtest/gtest.h>

using namespace mailflow;
using mail::parse_address;
using mail::parse_address_list;

namespace {
std::vector<mail::Address> ok_list(std::string_view s) {
  auto r = parse_address_list(s, "To");
  EXPECT_TRUE(r.ok()) << s << ": " << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : std::vector<mail::Address>{};
}
core::Error err(std::string_view s, std::string_view field = "To") {
  auto r = parse_address_list(s, field);
  EXPECT_FALSE(r.ok()) << "accepted: " << s;
  return r.ok() ? core::Error{} : r.error();
}
}  // namespace

TEST(AddressList, SemicolonsCommasNamesAndQuotes) {
  auto l = ok_list("a@x.com; B <b@y.org>, \"Last, First\" <c@z.de>; 张三 <z@example.cn>");
  ASSERT_EQ(l.size(), 4u);
  EXPECT_EQ(l[0].display_name, "");
  EXPECT_EQ(l[0].local, "a");
  EXPECT_EQ(l[0].domain, "x.com");
  EXPECT_EQ(l[0].envelope(), "a@x.com");
  EXPECT_EQ(l[1].display_name, "B");
  EXPECT_EQ(l[1].envelope(), "b@y.org");
  EXPECT_EQ(l[2].display_name, "Last, First");
  EXPECT_EQ(l[2].envelope(), "c@z.de");
  EXPECT_EQ(l[3].display_name, "张三");
  EXPECT_EQ(l[3].envelope(), "z@example.cn");
}

TEST(AddressList, QuotedNameMayHoldSeparatorsAnglesAndEscapes) {
  auto l = ok_list(R"("a; b, <c>" <x@y.z>;"say \"hi\"" <q@r.s>)");
  ASSERT_EQ(l.size(), 2u);
  EXPECT_EQ(l[0].display_name, "a; b, <c>");
  EXPECT_EQ(l[0].envelope(), "x@y.z");
  EXPECT_EQ(l[1].display_name, "say \"hi\"");
}

TEST(AddressList, EmptyItemsAndWhitespaceAreSkipped) {
  EXPECT_TRUE(ok_list("").empty());
  EXPECT_TRUE(ok_list(" ; , ").empty());
  auto l = ok_list("  a@x.com ;; b@y.com; ");
  ASSERT_EQ(l.size(), 2u);
  EXPECT_EQ(l[1].envelope(), "b@y.com");
  auto m = ok_list("Name <  a@x.com  >");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].envelope(), "a@x.com");
}

TEST(AddressList, AngleAddressWithoutName) {
  auto l = ok_list("<a@x.com>");
  ASSERT_EQ(l.size(), 1u);
  EXPECT_EQ(l[0].display_name, "");
  EXPECT_EQ(l[0].envelope(), "a@x.com");
}

TEST(AddressList, AtextLocalPartsAreAccepted) {
  auto l = ok_list("first.last+tag@x.com, o'brien@x.com, a!#$%&*/=?^_`{|}~-@x.com");
  ASSERT_EQ(l.size(), 3u);
  EXPECT_EQ(l[0].local, "first.last+tag");
  EXPECT_EQ(l[1].local, "o'brien");
  EXPECT_FALSE(l[0].needs_smtputf8());
}

TEST(AddressList, IdnDomainsBecomeALabels) {
  auto l = ok_list("Hans <hans@bücher.de>; 用户 <u@例子.测试>; MÜNCHEN@München.DE");
  ASSERT_EQ(l.size(), 3u);
  EXPECT_EQ(l[0].domain, "bücher.de");
  EXPECT_EQ(l[0].domain_ascii, "xn--bcher-kva.de");
  EXPECT_EQ(l[0].envelope(), "hans@xn--bcher-kva.de");
  EXPECT_FALSE(l[0].needs_smtputf8());
  EXPECT_EQ(l[1].domain_ascii, "xn--fsqu00a.xn--0zwm56d");
  // UTS #46 maps upper case; the local part is kept as written (only the server may fold it).
  EXPECT_EQ(l[2].domain_ascii, "xn--mnchen-3ya.de");
  EXPECT_TRUE(l[2].needs_smtputf8());
  EXPECT_EQ(l[2].local, "MÜNCHEN");
}

TEST(AddressList, AsciiDomainKeptAsGiven) {
  auto l = ok_list("a@Mail.Example.COM, b@[192.0.2.1]");
  ASSERT_EQ(l.size(), 2u);
  EXPECT_EQ(l[0].domain_ascii, "Mail.Example.COM");
  EXPECT_EQ(l[1].domain_ascii, "[192.0.2.1]");
  EXPECT_EQ(l[1].envelope(), "b@[192.0.2.1]");
}

TEST(AddressList, NonAsciiLocalPartNeedsSmtputf8) {
  auto l = ok_list("用户@例子.广告, josé@example.com");
  ASSERT_EQ(l.size(), 2u);
  EXPECT_TRUE(l[0].needs_smtputf8());
  EXPECT_EQ(l[0].local, "用户");
  EXPECT_TRUE(l[1].needs_smtputf8());
  EXPECT_EQ(l[1].envelope(), "josé@example.com");
}

TEST(AddressList, MalformedAddressesAreInvalidAddress) {
  const char* cases[] = {
      "plainaddress",             // no '@'
      "Name <plain>",             // no '@' in angle
      "a b@x.com",                // space in local part
      "a@x .com",                 // space in domain
      "a@x.com b@y.com",          // two addresses without separator
      "@x.com",                   // empty local part
      "a@",                       // empty domain
      "a@@x.com",                 // '@' in local part
      ".a@x.com",                 // leading dot
      "a.@x.com",                 // trailing dot
      "a..b@x.com",               // double dot
      "a@x..com",                 // empty label
      "a@.x.com",                 // empty label
      "a@-x.com",                 // label starts with '-'
      "a@x!.com",                 // bad domain character
      "a(b)@x.com",               // comment characters
      "\"unclosed <a@x.com>",     // quote not closed
      "Name <a@x.com",            // '<' not closed
      "Name a@x.com>",            // '>' without '<'
      "<<a@x.com>>",              // nested '<'
      "Name <a@x.com> trailing",  // text after '>'
      "\"Only a name\"",          // name without address
      "\"q\"@x.com",              // quoted local part
      "a@[1.2.3.4",               // literal not closed
  };
  for (const char* c : cases) {
    auto e = err(c);
    EXPECT_EQ(e.code, core::Code::InvalidAddress) << c;
    EXPECT_EQ(e.field, "To") << c;
    EXPECT_FALSE(e.message.empty()) << c;
  }
}

TEST(AddressList, ErrorMessageNamesTheAddressAndReason) {
  auto e = err("ok@x.com; broken", "CC");
  EXPECT_EQ(e.field, "CC");
  EXPECT_NE(e.message.find("\"broken\""), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("no '@'"), std::string::npos) << e.message;
}

TEST(AddressList, LengthLimits) {
  EXPECT_TRUE(parse_address_list(std::string(64, 'a') + "@x.com", "To").ok());
  EXPECT_EQ(err(std::string(65, 'a') + "@x.com").code, core::Code::InvalidAddress);
  EXPECT_EQ(err("a@" + std::string(64, 'b') + ".com").code, core::Code::InvalidAddress);
  std::string long_domain;
  for (int i = 0; i < 5; ++i) long_domain += std::string(60, 'c') + ".";
  EXPECT_EQ(err("a@" + long_domain + "com").code, core::Code::InvalidAddress);
}

TEST(AddressList, BadIdnIsInvalidAddress) {
  // U+E0001 LANGUAGE TAG is DISALLOWED in IDNA 2008, so libidn2 refuses the domain.
  auto e = err("a@\xF3\xA0\x80\x81.com");  // U+E0001 LANGUAGE TAG: disallowed
  EXPECT_EQ(e.code, core::Code::InvalidAddress);
  EXPECT_NE(e.message.find("international domain"), std::string::npos) << e.message;
}

TEST(AddressList, InvalidUtf8IsInvalidAddress) {
  EXPECT_EQ(err("a@x.com; \xff\xfe <b@y.com>").code, core::Code::InvalidAddress);
}

TEST(AddressList, ControlCharacterInNameIsInvalidAddress) {
  EXPECT_EQ(err(std::string("Na\x01me <a@x.com>")).code, core::Code::InvalidAddress);
}

TEST(AddressList, CrOrLfAnywhereIsHeaderInjection) {
  for (const char* c :
       {"a@x.com\r\nBcc: evil@y.com", "a@x.com\n", "Na\rme <a@x.com>", "\"x\ny\" <a@x.com>"}) {
    auto e = err(c, "From");
    EXPECT_EQ(e.code, core::Code::HeaderInjection) << c;
    EXPECT_EQ(e.field, "From");
  }
}

TEST(ParseAddress, ExactlyOne) {
  auto a = parse_address("Me <me@x.com>", "From");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->display_name, "Me");
  auto none = parse_address("  ", "From");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, core::Code::InvalidAddress);
  auto two = parse_address("a@x.com; b@x.com", "ReadReceipt");
  ASSERT_FALSE(two.ok());
  EXPECT_EQ(two.error().code, core::Code::InvalidAddress);
  EXPECT_EQ(two.error().field, "ReadReceipt");
}
