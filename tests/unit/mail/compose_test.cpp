// compose() checked through an independent parser (tests/support/parse_mail.py).
#include "mail/compose.hpp"

#include <gtest/gtest.h>

#include "mail/mail.hpp"
#include "mail_parser.hpp"

using namespace mailflow;
using mail::testing::parse_with_python;
using mail::testing::to_base64;
namespace json = boost::json;

namespace {

mail::Address addr(std::string_view s) {
  auto r = mail::parse_address(s, "test");
  EXPECT_TRUE(r.ok()) << s;
  return r.ok() ? *r : mail::Address{};
}

std::vector<mail::Address> addrs(std::string_view s) {
  auto r = mail::parse_address_list(s, "test");
  EXPECT_TRUE(r.ok()) << s;
  return r.ok() ? *r : std::vector<mail::Address>{};
}

mail::Composed compose_ok(mail::EmailMessage& m) {
  auto r =
      mail::compose(m, {"mail.example.org",
                        std::chrono::system_clock::time_point(std::chrono::seconds(1700000000))});
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : mail::Composed{};
}

std::string all_bytes(int repeat) {
  std::string s;
  for (int r = 0; r < repeat; ++r)
    for (int b = 0; b < 256; ++b) s += static_cast<char>(b);
  return s;
}

std::string str(const json::value& v) {
  return v.is_string() ? std::string(v.get_string()) : std::string("<not a string>");
}

const json::value& header(const json::value& parsed, std::string_view name) {
  static const json::value none;
  for (const auto& h : parsed.at("headers").as_array())
    if (h.at(0).as_string() == name) return h.at(1);
  return none;
}

void expect_mailbox(const json::value& list, std::size_t i, std::string_view name,
                    std::string_view address) {
  ASSERT_GT(list.as_array().size(), i);
  EXPECT_EQ(str(list.at(i).at("name")), name);
  EXPECT_EQ(str(list.at(i).at("address")), address);
}

void expect_wire_format(const mail::Composed& c, const json::value& parsed) {
  EXPECT_LE(parsed.at("max_line").as_int64(), 998);
  EXPECT_EQ(parsed.at("bare_lf").as_int64(), 0);
  EXPECT_TRUE(parsed.at("defects").as_array().empty()) << json::serialize(parsed.at("defects"));
  EXPECT_TRUE(c.data.ends_with("\r\n"));
}

mail::EmailMessage full_message() {
  mail::EmailMessage m;
  m.from = addr("发件人 <sender@example.com>");
  m.to = addrs("a@x.com; \"Last, First\" <b@bücher.de>; 张三 <z@example.cn>");
  m.cc = addrs("Ünïcödé Cc <c@y.org>");
  m.bcc = addrs("hidden@z.de");
  m.subject = "季度报告 — Quarterly report ✓";
  m.body =
      "<html><head><style>p{color:red}</style></head><body><p>你好 &amp; welcome</p>"
      "<img src=\"cid:logo\"><br>bye</body></html>";
  m.is_html = true;
  m.importance = mail::Importance::High;
  m.read_receipt = addr("读者 <rr@x.com>");
  m.attachments.push_back({"报告 2024年.bin", "application/octet-stream", "", all_bytes(4)});
  m.attachments.push_back({"logo.png", "image/png", "logo", all_bytes(1)});
  m.attachments.push_back(
      {"notes.txt", "text/plain; charset=utf-8", "", "line1\nline2\r\nline3 \xe2\x9c\x93\n"});
  return m;
}

}  // namespace

TEST(Compose, FullMessageRoundTripsThroughAnIndependentParser) {
  auto m = full_message();
  auto c = compose_ok(m);
  auto p = parse_with_python(c.data);
  expect_wire_format(c, p);

  EXPECT_EQ(str(p.at("subject")), m.subject);
  expect_mailbox(p.at("from"), 0, "发件人", "sender@example.com");
  ASSERT_EQ(p.at("to").as_array().size(), 3u);
  expect_mailbox(p.at("to"), 0, "", "a@x.com");
  expect_mailbox(p.at("to"), 1, "Last, First", "b@xn--bcher-kva.de");
  expect_mailbox(p.at("to"), 2, "张三", "z@example.cn");
  expect_mailbox(p.at("cc"), 0, "Ünïcödé Cc", "c@y.org");
  expect_mailbox(p.at("disposition_notification_to"), 0, "读者", "rr@x.com");
  EXPECT_TRUE(p.at("bcc").as_array().empty());
  EXPECT_EQ(c.data.find("hidden@z.de"), std::string::npos);  // Bcc only in the envelope
  EXPECT_EQ(str(header(p, "MIME-Version")), "1.0");
  EXPECT_EQ(str(p.at("message_id")), m.message_id);
  EXPECT_EQ(str(p.at("date")), "Tue, 14 Nov 2023 22:13:20 +0000");
  EXPECT_EQ(str(p.at("importance").at("importance")), "high");
  EXPECT_EQ(str(p.at("importance").at("x_priority")), "1 (Highest)");
  EXPECT_EQ(str(p.at("importance").at("x_msmail_priority")), "High");

  // Non-ASCII text in headers is encoded, never raw: the message is 7-bit.
  EXPECT_FALSE(c.eight_bit);
  EXPECT_FALSE(c.smtputf8);
  EXPECT_NE(c.data.find("=?UTF-8?"), std::string::npos);

  // Bodies: the HTML as given, and a plain alternative without tags, styles or entities.
  EXPECT_EQ(str(p.at("html")), m.body + "\n");
  EXPECT_EQ(str(p.at("text")), "你好 & welcome\n\nbye\n");
}

TEST(Compose, MimeTreeIsMixedRelatedAlternative) {
  auto m = full_message();
  auto c = compose_ok(m);
  auto p = parse_with_python(c.data);
  const auto& root = p.at("tree");
  EXPECT_EQ(str(root.at("content_type")), "multipart/mixed");
  ASSERT_EQ(root.at("parts").as_array().size(), 3u);
  const auto& related = root.at("parts").at(0);
  EXPECT_EQ(str(related.at("content_type")), "multipart/related");
  EXPECT_EQ(str(related.at("params").at("type")), "multipart/alternative");
  ASSERT_EQ(related.at("parts").as_array().size(), 2u);
  const auto& alt = related.at("parts").at(0);
  EXPECT_EQ(str(alt.at("content_type")), "multipart/alternative");
  ASSERT_EQ(alt.at("parts").as_array().size(), 2u);
  EXPECT_EQ(str(alt.at("parts").at(0).at("content_type")), "text/plain");
  EXPECT_EQ(str(alt.at("parts").at(0).at("charset")), "utf-8");
  EXPECT_EQ(str(alt.at("parts").at(1).at("content_type")), "text/html");
  const auto& logo = related.at("parts").at(1);
  EXPECT_EQ(str(logo.at("content_type")), "image/png");
  EXPECT_EQ(str(logo.at("disposition")), "inline");
  EXPECT_EQ(str(logo.at("content_id")), "<logo>");
  EXPECT_EQ(str(root.at("parts").at(1).at("disposition")), "attachment");
  EXPECT_EQ(str(root.at("parts").at(2).at("content_type")), "text/plain");
}

TEST(Compose, AttachmentsArriveByteForByteWithTheirNames) {
  auto m = full_message();
  auto c = compose_ok(m);
  auto p = parse_with_python(c.data);
  const auto& atts = p.at("attachments").as_array();
  ASSERT_EQ(atts.size(), 3u);
  // Order in the tree: the inline logo (inside related) first, then the mixed attachments.
  EXPECT_EQ(str(atts[0].at("filename")), "logo.png");
  EXPECT_EQ(str(atts[0].at("content_id")), "<logo>");
  EXPECT_EQ(str(atts[0].at("base64")), to_base64(m.attachments[1].data));
  EXPECT_EQ(str(atts[1].at("filename")), "报告 2024年.bin");
  EXPECT_EQ(str(atts[1].at("disposition")), "attachment");
  EXPECT_EQ(atts[1].at("size").as_int64(), 1024);
  EXPECT_EQ(str(atts[1].at("base64")), to_base64(m.attachments[0].data));
  EXPECT_EQ(str(atts[2].at("filename")), "notes.txt");
  EXPECT_EQ(str(atts[2].at("base64")), to_base64(m.attachments[2].data));  // LF, CRLF kept as given
  // RFC 2231 for the non-ASCII name, not an encoded word in a parameter.
  EXPECT_NE(c.data.find("filename*=UTF-8''%E6%8A%A5%E5%91%8A%202024%E5%B9%B4.bin"),
            std::string::npos);
}

TEST(Compose, PlainTextBodyIsTextPlainOnly) {
  mail::EmailMessage m;
  m.from = addr("s@x.com");
  m.to = addrs("a@x.com");
  m.subject = "plain";
  m.body = "Hello <b>not html</b>\nsecond line ✓";
  m.is_html = false;
  auto c = compose_ok(m);
  auto p = parse_with_python(c.data);
  expect_wire_format(c, p);
  EXPECT_EQ(str(p.at("tree").at("content_type")), "text/plain");
  EXPECT_TRUE(p.at("tree").at("parts").as_array().empty());
  EXPECT_EQ(str(p.at("text")), m.body + "\n");
  EXPECT_TRUE(p.at("html").is_null());
  EXPECT_TRUE(p.at("importance").at("importance").is_null());  // Normal → no headers
  EXPECT_TRUE(p.at("importance").at("x_priority").is_null());
  EXPECT_TRUE(p.at("importance").at("x_msmail_priority").is_null());
  EXPECT_TRUE(p.at("disposition_notification_to").as_array().empty());
}

TEST(Compose, InlinePartWithTextBodyGoesToMixedAndKeepsItsContentId) {
  mail::EmailMessage m;
  m.from = addr("s@x.com");
  m.to = addrs("a@x.com");
  m.is_html = false;
  m.body = "see picture";
  m.attachments.push_back({"pic.png", "image/png", "pic1", all_bytes(1)});
  auto c = compose_ok(m);
  auto p = parse_with_python(c.data);
  EXPECT_EQ(str(p.at("tree").at("content_type")), "multipart/mixed");
  const auto& pic = p.at("tree").at("parts").at(1);
  EXPECT_EQ(str(pic.at("content_id")), "<pic1>");
  EXPECT_EQ(str(pic.at("disposition")), "inline");
  EXPECT_EQ(str(p.at("attachments").at(0).at("base64")), to_base64(all_bytes(1)));
}

TEST(Compose, HtmlWithoutAttachmentsIsAlternativeOnly) {
  mail::EmailMessage m;
  m.from = addr("s@x.com");
  m.to = addrs("a@x.com");
  m.body = "<p>Hi</p>";
  auto p = parse_with_python(compose_ok(m).data);
  EXPECT_EQ(str(p.at("tree").at("content_type")), "multipart/alternative");
  EXPECT_EQ(str(p.at("text")), "Hi\n");
  EXPECT_EQ(str(p.at("html")), "<p>Hi</p>\n");
}

TEST(Compose, ImportanceLow) {
  mail::EmailMessage m;
  m.from = addr("s@x.com");
  m.to = addrs("a@x.com");
  m.importance = mail::Importance::Low;
  auto p = parse_with_python(compose_ok(m).data);
  EXPECT_EQ(str(p.at("importance").at("importance")), "low");
  EXPECT_EQ(str(p.at("importance").at("x_priority")), "5 (Lowest)");
  EXPECT_EQ(str(p.at("importance").at("x_msmail_priority")), "Low");
}

TEST(Compose, LongSingleLineBodyAndLongSubjectStayUnder998Octets) {
  for (bool html : {false, true}) {
    mail::EmailMessage m;
    m.from = addr("s@x.com");
    m.to = addrs("a@x.com");
    m.subject =
        std::string(1500, 'x') + " and " + std::string(1200, 'y');  // words longer than a line
    std::string line;
    for (int i = 0; i < 500; ++i) line += "0123456789";
    m.body = line;  // 5,000 characters, one line
    m.is_html = html;
    auto c = compose_ok(m);
    auto p = parse_with_python(c.data);
    expect_wire_format(c, p);
    EXPECT_EQ(str(p.at("subject")), m.subject) << "html=" << html;
    EXPECT_EQ(str(html ? p.at("html") : p.at("text")), line + "\n");
  }
}

TEST(Compose, LongNonAsciiSubjectIsFolded) {
  mail::EmailMessage m;
  m.from = addr("s@x.com");
  m.to = addrs("a@x.com");
  for (int i = 0; i < 400; ++i) m.subject += "长";
  auto c = compose_ok(m);
  auto p = parse_with_python(c.data);
  expect_wire_format(c, p);
  EXPECT_EQ(str(p.at("subject")), m.subject);
}

TEST(Compose, HugeDisplayNameAndFileNameAreFolded) {
  mail::EmailMessage m;
  m.from = addr("s@x.com");
  m.to = addrs("a@x.com");
  m.to[0].display_name = std::string(1200, 'N');
  m.cc = addrs("a@x.com");
  std::string name;
  for (int i = 0; i < 300; ++i) name += "长";
  m.cc[0].display_name = name;  // several adjacent encoded words, joined without spaces
  m.attachments.push_back({name + ".txt", "text/plain", "", "x"});
  auto c = compose_ok(m);
  auto p = parse_with_python(c.data);
  expect_wire_format(c, p);
  expect_mailbox(p.at("to"), 0, m.to[0].display_name, "a@x.com");
  expect_mailbox(p.at("cc"), 0, name, "a@x.com");
  EXPECT_EQ(str(p.at("attachments").at(0).at("filename")), name + ".txt");
}

TEST(Compose, OverlongContentIdIsRefused) {
  mail::EmailMessage m;
  m.from = addr("s@x.com");
  m.to = addrs("a@x.com");
  m.attachments.push_back({"a.png", "image/png", std::string(1000, 'c'), "x"});
  auto r = mail::compose(m, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::Code::InvalidRequest);
  EXPECT_EQ(r.error().field, "Attachments[0].ContentId");
}

TEST(Compose, MessageIdIsSetOnceAndKept) {
  mail::EmailMessage m;
  m.from = addr("s@x.com");
  m.to = addrs("a@x.com");
  auto first = compose_ok(m);
  ASSERT_EQ(m.message_id.size(), 1 + 26 + std::string_view("@mail.example.org>").size())
      << m.message_id;
  EXPECT_EQ(m.message_id.front(), '<');
  EXPECT_TRUE(m.message_id.ends_with("@mail.example.org>")) << m.message_id;
  EXPECT_EQ(m.message_id.substr(1, 26).find_first_not_of("0123456789ABCDEFGHJKMNPQRSTVWXYZ"),
            std::string::npos);
  EXPECT_EQ(first.message_id, m.message_id);
  auto second = compose_ok(m);  // a retry
  EXPECT_EQ(second.message_id, first.message_id);
  EXPECT_EQ(str(parse_with_python(second.data).at("message_id")), first.message_id);
  mail::EmailMessage other = m;
  other.message_id.clear();
  EXPECT_NE(compose_ok(other).message_id, first.message_id);
  other.message_id = "given@example.org";  // stored without brackets elsewhere: written with them
  EXPECT_EQ(compose_ok(other).message_id, "<given@example.org>");
  EXPECT_EQ(other.message_id, "<given@example.org>");
}

TEST(Compose, NonAsciiLocalPartNeedsSmtputf8AndEightBit) {
  mail::EmailMessage m;
  m.from = addr("José <josé@x.com>");
  m.to = addrs("用户 <用户@例子.广告>");
  m.subject = "utf8";
  auto c = compose_ok(m);
  EXPECT_TRUE(c.smtputf8);
  EXPECT_TRUE(c.eight_bit);
  auto p = parse_with_python(c.data);
  expect_mailbox(p.at("from"), 0, "José", "josé@x.com");
  expect_mailbox(p.at("to"), 0, "用户", "用户@xn--fsqu00a.xn--4rr70v");
  EXPECT_TRUE(mail::envelope_of(m).smtputf8);
}

TEST(Compose, HeaderInjectionInTheModelIsRefused) {
  auto base = [] {
    mail::EmailMessage m;
    m.from = addr("s@x.com");
    m.to = addrs("a@x.com");
    return m;
  };
  auto expect_injection = [](mail::EmailMessage m, std::string_view field) {
    auto r = mail::compose(m, {"h", {}});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, core::Code::HeaderInjection);
    EXPECT_EQ(r.error().field, field);
  };
  auto m = base();
  m.subject = "x\r\nBcc: evil@y.com";
  expect_injection(m, "Subject");
  m = base();
  m.attachments.push_back({"a\nb.txt", "text/plain", "", "x"});
  expect_injection(m, "Attachments[0].FileName");
  m = base();
  m.to[0].display_name = "A\rB";
  expect_injection(m, "To");
  m = base();
  m.attachments.push_back({"a.txt", "text/plain\nX: y", "", "x"});
  expect_injection(m, "Attachments[0].ContentType");
}

TEST(Compose, LineEndsAndLeadingDotsInBodies) {
  mail::EmailMessage m;
  m.from = addr("s@x.com");
  m.to = addrs("a@x.com");
  m.is_html = false;
  m.body = "line1\r\nline2\n.\n..two dots\nlast";
  auto c = compose_ok(m);
  auto p = parse_with_python(c.data);
  expect_wire_format(c, p);
  EXPECT_EQ(str(p.at("text")), "line1\nline2\n.\n..two dots\nlast\n");
  EXPECT_NE(c.data.find("\r\n.\r\n"), std::string::npos);  // compose does not dot-stuff; SMTP does
}

// The whole path a SendEmail request takes in this layer: connector JSON → model → MIME → parser.
TEST(Compose, EveryAttachmentFormFromConnectorJsonArrivesIntact) {
  const std::string binary = all_bytes(2);
  const std::string b64 = to_base64(binary);
  const std::string body =
      R"({"From": "发件人 <s@x.com>", "To": "张三 <z@example.cn>", "Subject": "附件 test",
      "Body": "<p>图片 <img src=\"cid:pic\"></p>", "Attachments": [
      {"FileName": "数据.bin", "ContentType": "application/octet-stream", "ContentData": ")" +
      b64 + R"("},
      {"FileName": "plain.txt", "ContentType": "text/plain", "ContentData": "as-is text, 中文\nline 2"},
      {"FileName": "obj.bin", "ContentType": "application/octet-stream",
       "ContentData": {"$content-type": "application/octet-stream", "$content": ")" +
      b64 + R"("}},
      {"FileName": "pic.png", "ContentType": "image/png", "ContentId": "pic", "ContentData": ")" +
      b64 + R"("}]})";
  auto model = mail::from_connector_json(json::parse(body), mail::Operation::SendEmailV3, {});
  ASSERT_TRUE(model.ok()) << model.error().message;
  auto c = compose_ok(*model);
  auto p = parse_with_python(c.data);
  expect_wire_format(c, p);
  EXPECT_EQ(str(p.at("subject")), "附件 test");
  expect_mailbox(p.at("to"), 0, "张三", "z@example.cn");
  const auto& atts = p.at("attachments").as_array();
  ASSERT_EQ(atts.size(), 4u);
  EXPECT_EQ(str(atts[0].at("filename")), "pic.png");  // inline, inside multipart/related
  EXPECT_EQ(str(atts[0].at("content_id")), "<pic>");
  EXPECT_EQ(str(atts[0].at("base64")), b64);
  EXPECT_EQ(str(atts[1].at("filename")), "数据.bin");
  EXPECT_EQ(str(atts[1].at("base64")), b64);
  EXPECT_EQ(str(atts[2].at("filename")), "plain.txt");
  EXPECT_EQ(str(atts[2].at("base64")), to_base64("as-is text, 中文\nline 2"));
  EXPECT_EQ(str(atts[3].at("filename")), "obj.bin");
  EXPECT_EQ(str(atts[3].at("base64")), b64);
  EXPECT_EQ(str(p.at("text")), "图片\n");
}
