#include "mail/connector_json.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

using namespace mailflow;
using mail::Operation;
namespace json = boost::json;

namespace {

core::Result<mail::EmailMessage> map(std::string_view body, Operation op = Operation::SendEmailV3,
                                     const mail::Limits& limits = {}) {
  return mail::from_connector_json(json::parse(body), op, limits);
}

mail::EmailMessage ok(std::string_view body, Operation op = Operation::SendEmailV3,
                      const mail::Limits& limits = {}) {
  auto r = map(body, op, limits);
  EXPECT_TRUE(r.ok()) << body << "\n→ "
                      << (r.ok() ? "" : r.error().message + " @" + r.error().field);
  return r.ok() ? *r : mail::EmailMessage{};
}

core::Error bad(std::string_view body, Operation op = Operation::SendEmailV3,
                const mail::Limits& limits = {}) {
  auto r = map(body, op, limits);
  EXPECT_FALSE(r.ok()) << "accepted: " << body;
  return r.ok() ? core::Error{} : r.error();
}

#define EXPECT_BAD(body, code_, field_)                                  \
  do {                                                                   \
    auto e_ = bad(body);                                                 \
    EXPECT_EQ(e_.code, core::Code::code_) << body << ": " << e_.message; \
    EXPECT_EQ(e_.field, field_) << body;                                 \
    EXPECT_FALSE(e_.message.empty());                                    \
  } while (0)

std::string addrs(const std::vector<mail::Address>& l) {
  std::string out;
  for (const auto& a : l) out += a.display_name + "<" + a.envelope() + ">;";
  return out;
}

// Everything the model holds, for "same input → same model" comparisons.
std::string dump(const mail::EmailMessage& m) {
  std::string s = "from=" + m.from.display_name + "<" + m.from.envelope() + ">\nto=" + addrs(m.to) +
                  "\ncc=" + addrs(m.cc) + "\nbcc=" + addrs(m.bcc) + "\nsubject=" + m.subject +
                  "\nbody=" + m.body + "\nhtml=" + std::to_string(m.is_html) +
                  "\nimportance=" + std::to_string(static_cast<int>(m.importance)) +
                  "\nrr=" + (m.read_receipt ? m.read_receipt->envelope() : "-") +
                  "\ndr=" + (m.delivery_receipt ? m.delivery_receipt->envelope() : "-");
  for (const auto& a : m.attachments)
    s += "\natt=" + a.file_name + "|" + a.content_type + "|" + a.content_id + "|" + a.data;
  return s;
}

}  // namespace

TEST(ConnectorJson, V3FullBody) {
  auto m = ok(R"({"From": "Sender <s@x.com>", "To": "a@x.com; 张三 <z@example.cn>", "CC": "c@y.org",
                 "Bcc": "hidden@z.de", "Subject": "你好 report", "Body": "<p>Hi</p>", "Importance": "High",
                 "ReadReceipt": "rr@x.com", "DeliveryReceipt": "dr@x.com",
                 "Attachments": [{"FileName": "报告.pdf", "ContentType": "application/pdf", "ContentData": "JVBERi0="},
                                 {"FileName": "logo.png", "ContentType": "image/png", "ContentId": "logo", "ContentData": "iVBORw=="}]})");
  EXPECT_EQ(m.from.display_name, "Sender");
  EXPECT_EQ(m.from.envelope(), "s@x.com");
  ASSERT_EQ(m.to.size(), 2u);
  EXPECT_EQ(m.to[1].display_name, "张三");
  ASSERT_EQ(m.cc.size(), 1u);
  ASSERT_EQ(m.bcc.size(), 1u);
  EXPECT_EQ(m.bcc[0].envelope(), "hidden@z.de");
  EXPECT_EQ(m.subject, "你好 report");
  EXPECT_EQ(m.body, "<p>Hi</p>");
  EXPECT_TRUE(m.is_html);
  EXPECT_EQ(m.importance, mail::Importance::High);
  ASSERT_TRUE(m.read_receipt);
  EXPECT_EQ(m.read_receipt->envelope(), "rr@x.com");
  ASSERT_TRUE(m.delivery_receipt);
  EXPECT_EQ(m.delivery_receipt->envelope(), "dr@x.com");
  ASSERT_EQ(m.attachments.size(), 2u);
  EXPECT_EQ(m.attachments[0].file_name, "报告.pdf");
  EXPECT_EQ(m.attachments[0].data, "%PDF-");
  EXPECT_FALSE(m.attachments[0].inline_part());
  EXPECT_EQ(m.attachments[1].content_id, "logo");
  EXPECT_TRUE(m.attachments[1].inline_part());
  EXPECT_EQ(m.attachments[1].data, "\x89PNG");
  EXPECT_TRUE(m.message_id.empty());
}

TEST(ConnectorJson, MinimalBodyDefaults) {
  auto m = ok(R"({"From": "s@x.com", "To": "a@x.com"})");
  EXPECT_EQ(m.subject, "");
  EXPECT_EQ(m.body, "");
  EXPECT_TRUE(m.is_html);  // V3 is always HTML
  EXPECT_EQ(m.importance, mail::Importance::Normal);
  EXPECT_FALSE(m.read_receipt);
  EXPECT_FALSE(m.delivery_receipt);
  EXPECT_TRUE(m.cc.empty());
  EXPECT_TRUE(m.attachments.empty());
}

TEST(ConnectorJson, NamesIgnoreCaseAndNullIsAbsent) {
  auto m = ok(R"({"from": "s@x.com", "TO": "a@x.com", "cc": null, "subject": "S", "BODY": "b",
                 "importance": "low", "attachments": null, "readreceipt": ""})");
  EXPECT_EQ(m.to[0].envelope(), "a@x.com");
  EXPECT_EQ(m.subject, "S");
  EXPECT_EQ(m.body, "b");
  EXPECT_EQ(m.importance, mail::Importance::Low);
  EXPECT_FALSE(m.read_receipt);
}

TEST(ConnectorJson, UnknownFieldsAreIgnored) {
  auto m = ok(R"({"From": "s@x.com", "To": "a@x.com", "Sensitivity": "Private"})");
  EXPECT_EQ(m.from.envelope(), "s@x.com");
}

TEST(ConnectorJson, Importance) {
  for (auto [v, want] : {std::pair{"\"Normal\"", mail::Importance::Normal},
                         {"\"HIGH\"", mail::Importance::High},
                         {"\"low\"", mail::Importance::Low},
                         {"\"\"", mail::Importance::Normal},
                         {"null", mail::Importance::Normal}}) {
    auto m = ok(std::string(R"({"From": "s@x.com", "To": "a@x.com", "Importance": )") + v + "}");
    EXPECT_EQ(m.importance, want) << v;
  }
  EXPECT_BAD(R"({"From": "s@x.com", "To": "a@x.com", "Importance": "Urgent"})", InvalidRequest,
             "Importance");
  EXPECT_BAD(R"({"From": "s@x.com", "To": "a@x.com", "Importance": 1})", InvalidRequest,
             "Importance");
}

TEST(ConnectorJson, IsHtmlPerOperation) {
  const char* text = R"({"From": "s@x.com", "To": "a@x.com", "IsHtml": false})";
  const char* html = R"({"From": "s@x.com", "To": "a@x.com", "IsHtml": true})";
  const char* none = R"({"From": "s@x.com", "To": "a@x.com"})";
  for (auto op : {Operation::SendEmailV1, Operation::SendEmailV2}) {
    EXPECT_FALSE(ok(text, op).is_html);
    EXPECT_TRUE(ok(html, op).is_html);
    EXPECT_FALSE(ok(none, op).is_html);
    EXPECT_TRUE(ok(R"({"From": "s@x.com", "To": "a@x.com", "IsHtml": "True"})", op).is_html);
  }
  EXPECT_TRUE(ok(text, Operation::SendEmailV3).is_html);  // V3 has no switch
  EXPECT_TRUE(ok(none, Operation::SendEmailV3).is_html);
  EXPECT_TRUE(
      ok(R"({"from": "s@x.com", "to": "a@x.com", "isHTML": true})", Operation::BuiltInSendEmail)
          .is_html);
  EXPECT_FALSE(
      ok(R"({"from": "s@x.com", "to": "a@x.com", "isHTML": false})", Operation::BuiltInSendEmail)
          .is_html);
  auto e = bad(R"({"From": "s@x.com", "To": "a@x.com", "IsHtml": "yes"})", Operation::SendEmailV2);
  EXPECT_EQ(e.code, core::Code::InvalidRequest);
  EXPECT_EQ(e.field, "IsHtml");
}

TEST(ConnectorJson, SameInputSameModelAcrossOperations) {
  const char* pascal =
      R"({"From": "S <s@x.com>", "To": "a@x.com;b@y.org", "CC": "c@z.de", "Bcc": "d@z.de",
      "Subject": "Subj", "Body": "<b>Hi</b>", "IsHtml": true, "Importance": "High", "ReadReceipt": "r@x.com",
      "DeliveryReceipt": "d@x.com", "Attachments": [{"FileName": "a.txt", "ContentType": "text/plain",
      "ContentData": "SGVsbG8=", "ContentId": "c1"}, {"FileName": "b.bin", "ContentType": "application/octet-stream",
      "ContentData": "AAEC"}]})";
  const char* camel =
      R"({"from": "S <s@x.com>", "to": "a@x.com;b@y.org", "cc": "c@z.de", "bcc": "d@z.de",
      "subject": "Subj", "body": "<b>Hi</b>", "isHTML": true, "importance": "High", "readReceipt": "r@x.com",
      "deliveryReceipt": "d@x.com", "attachment": [{"fileName": "a.txt", "contentType": "text/plain",
      "contentData": "SGVsbG8=", "contentId": "c1"}, {"fileName": "b.bin", "contentType": "application/octet-stream",
      "contentData": "AAEC"}]})";
  const auto want = dump(ok(pascal, Operation::SendEmailV3));
  EXPECT_NE(want.find("att=a.txt|text/plain|c1|Hello"), std::string::npos) << want;
  EXPECT_EQ(dump(ok(pascal, Operation::SendEmailV1)), want);
  EXPECT_EQ(dump(ok(pascal, Operation::SendEmailV2)), want);
  EXPECT_EQ(dump(ok(camel, Operation::BuiltInSendEmail)), want);
}

TEST(ConnectorJson, BuiltInFieldPathsUseItsSpelling) {
  auto e = bad(
      R"({"from": "s@x.com", "to": "a@x.com", "attachment": [{"fileName": "x", "contentData": "AA=="}]})",
      Operation::BuiltInSendEmail);
  EXPECT_EQ(e.code, core::Code::InvalidRequest);
  EXPECT_EQ(e.field, "attachment[0].contentType");
  auto e2 = bad(R"({"to": "a@x.com"})", Operation::BuiltInSendEmail);
  EXPECT_EQ(e2.field, "from");
}

TEST(ConnectorJson, AttachmentForms) {
  auto m = ok(R"({"From": "s@x.com", "To": "a@x.com", "Attachments": [
      {"FileName": "b64.bin", "ContentType": "application/octet-stream", "ContentData": "AAEC/w=="},
      {"FileName": "plain.txt", "ContentType": "text/plain", "ContentData": "just text, not base64"},
      {"FileName": "b64.txt", "ContentType": "text/plain", "ContentData": "SGVsbG8="},
      {"FileName": "obj.pdf", "ContentType": "application/pdf", "ContentData": {"$content-type": "application/pdf", "$content": "JVBERi0="}},
      {"FileName": "obj.txt", "ContentType": "text/plain", "ContentData": {"$content-type": "text/plain", "$content": "SGk="}},
      {"FileName": "inline.png", "ContentType": "image/png", "ContentId": "<img1>", "ContentData": "iVBORw=="},
      {"ContentType": "text/csv; charset=utf-8", "ContentData": "a,b\n1,2"}]})");
  ASSERT_EQ(m.attachments.size(), 7u);
  EXPECT_EQ(m.attachments[0].data, std::string("\x00\x01\x02\xff", 4));
  EXPECT_EQ(m.attachments[1].data, "just text, not base64");
  EXPECT_EQ(m.attachments[2].data, "Hello");
  EXPECT_EQ(m.attachments[3].data, "%PDF-");
  EXPECT_EQ(m.attachments[4].data, "Hi");
  EXPECT_EQ(m.attachments[5].content_id, "img1");  // '<>' removed
  EXPECT_EQ(m.attachments[6].file_name, "");
  EXPECT_EQ(m.attachments[6].content_type, "text/csv; charset=utf-8");
  EXPECT_EQ(m.attachments[6].data, "a,b\n1,2");
}

TEST(ConnectorJson, V1ContentTransferEncoding) {
  auto m = ok(R"({"From": "s@x.com", "To": "a@x.com", "Attachments": [
      {"FileName": "a", "ContentType": "text/plain", "ContentData": "SGVsbG8=", "ContentTransferEncoding": "none"},
      {"FileName": "b", "ContentType": "application/octet-stream", "ContentData": "raw!", "ContentTransferEncoding": "None"},
      {"FileName": "c", "ContentType": "text/plain", "ContentData": "SGVsbG8=", "ContentTransferEncoding": "base64"}]})",
              Operation::SendEmailV1);
  ASSERT_EQ(m.attachments.size(), 3u);
  EXPECT_EQ(m.attachments[0].data, "SGVsbG8=");
  EXPECT_EQ(m.attachments[1].data, "raw!");
  EXPECT_EQ(m.attachments[2].data, "Hello");
  auto e = bad(R"({"From": "s@x.com", "To": "a@x.com", "Attachments": [
      {"FileName": "c", "ContentType": "text/plain", "ContentData": "not base64 at all", "ContentTransferEncoding": "base64"}]})",
               Operation::SendEmailV1);
  EXPECT_EQ(e.code, core::Code::InvalidBase64);
  EXPECT_EQ(e.field, "Attachments[0].ContentData");
  auto e2 = bad(R"({"From": "s@x.com", "To": "a@x.com", "Attachments": [
      {"FileName": "c", "ContentType": "text/plain", "ContentData": "x", "ContentTransferEncoding": "quoted-printable"}]})",
                Operation::SendEmailV1);
  EXPECT_EQ(e2.code, core::Code::InvalidRequest);
  EXPECT_EQ(e2.field, "Attachments[0].ContentTransferEncoding");
  // V3 has no ContentTransferEncoding: "none" is ignored and binary data must be base64.
  auto e3 = bad(R"({"From": "s@x.com", "To": "a@x.com", "Attachments": [
      {"FileName": "b", "ContentType": "application/octet-stream", "ContentData": "raw!", "ContentTransferEncoding": "none"}]})");
  EXPECT_EQ(e3.code, core::Code::InvalidBase64);
}

// The "Bad input" list of issue 2, one case each, with its Code and field.
TEST(ConnectorJson, BadInputCodesAndFields) {
  EXPECT_BAD(R"([1, 2])", InvalidRequest, "");
  EXPECT_BAD(R"({"To": "a@x.com"})", InvalidRequest, "From");
  EXPECT_BAD(R"({"From": "", "To": "a@x.com"})", InvalidRequest, "From");
  EXPECT_BAD(R"({"From": "s@x.com"})", InvalidRequest, "To");
  EXPECT_BAD(R"({"From": "s@x.com", "To": "  "})", InvalidRequest, "To");
  EXPECT_BAD(R"({"From": "s@x.com", "To": ";"})", InvalidRequest, "To");
  EXPECT_BAD(R"({"From": "s@x.com", "To": ["a@x.com"]})", InvalidRequest, "To");
  EXPECT_BAD(R"({"From": 5, "To": "a@x.com"})", InvalidRequest, "From");
  EXPECT_BAD(R"({"From": "s@x.com", "To": "a@x.com", "Subject": 7})", InvalidRequest, "Subject");
  EXPECT_BAD(R"({"From": "s@x.com", "To": "a@x.com", "Body": {}})", InvalidRequest, "Body");
  EXPECT_BAD(R"({"From": "s@x.com", "To": "a@x.com", "to": "b@x.com"})", InvalidRequest, "To");
  // Malformed addresses.
  EXPECT_BAD(R"({"From": "sender", "To": "a@x.com"})", InvalidAddress, "From");
  EXPECT_BAD(R"({"From": "s@x.com", "To": "a@x.com; b c@x.com"})", InvalidAddress, "To");
  EXPECT_BAD(R"({"From": "s@x.com", "To": "a@x.com", "CC": "nobody"})", InvalidAddress, "CC");
  EXPECT_BAD(R"({"From": "s@x.com", "To": "a@x.com", "Bcc": "x@"})", InvalidAddress, "Bcc");
  EXPECT_BAD(R"({"From": "a@x.com; b@x.com", "To": "a@x.com"})", InvalidAddress, "From");
  EXPECT_BAD(R"({"From": "s@x.com", "To": "a@x.com", "ReadReceipt": "r"})", InvalidAddress,
             "ReadReceipt");
  EXPECT_BAD(R"({"From": "s@x.com", "To": "a@x.com", "DeliveryReceipt": "d@"})", InvalidAddress,
             "DeliveryReceipt");
  // Header injection.
  EXPECT_BAD(R"({"From": "s@x.com", "To": "a@x.com", "Subject": "Hi\r\nBcc: evil@y.com"})",
             HeaderInjection, "Subject");
  EXPECT_BAD(R"({"From": "s@x.com", "To": "a@x.com", "Subject": "Hi\nthere"})", HeaderInjection,
             "Subject");
  EXPECT_BAD(R"({"From": "s@x.com\r\nBcc: e@y.com", "To": "a@x.com"})", HeaderInjection, "From");
  EXPECT_BAD(R"({"From": "s@x.com", "To": "a@x.com\nBcc: e@y.com"})", HeaderInjection, "To");
  EXPECT_BAD(R"({"From": "s@x.com", "To": "a@x.com", "CC": "C\r <c@x.com>"})", HeaderInjection,
             "CC");
  EXPECT_BAD(R"({"From": "s@x.com", "To": "a@x.com", "Attachments": [{"FileName": "a\r\nX: y.txt",
      "ContentType": "text/plain", "ContentData": "x"}]})",
             HeaderInjection, "Attachments[0].FileName");
  EXPECT_BAD(R"({"From": "s@x.com", "To": "a@x.com", "Attachments": [{"FileName": "a.txt",
      "ContentType": "text/plain\r\nX-Evil: 1", "ContentData": "x"}]})",
             HeaderInjection, "Attachments[0].ContentType");
  EXPECT_BAD(
      R"({"From": "s@x.com", "To": "a@x.com", "Attachments": [{"FileName": "a.png", "ContentId": "x\ny",
      "ContentType": "image/png", "ContentData": "AA=="}]})",
      HeaderInjection, "Attachments[0].ContentId");
  // Invalid base64.
  EXPECT_BAD(
      R"({"From": "s@x.com", "To": "a@x.com", "Attachments": [{"FileName": "a.txt", "ContentType": "text/plain", "ContentData": "x"},
      {"FileName": "b.pdf", "ContentType": "application/pdf", "ContentData": "%%not base64%%"}]})",
      InvalidBase64, "Attachments[1].ContentData");
  EXPECT_BAD(
      R"({"From": "s@x.com", "To": "a@x.com", "Attachments": [{"FileName": "b.pdf", "ContentType": "application/pdf",
      "ContentData": {"$content-type": "application/pdf", "$content": "nope!"}}]})",
      InvalidBase64, "Attachments[0].ContentData");
  EXPECT_BAD(
      R"({"From": "s@x.com", "To": "a@x.com", "Attachments": [{"FileName": "b.txt", "ContentType": "text/plain",
      "ContentData": {"$content-type": "text/plain", "$content": "plain words"}}]})",
      InvalidBase64, "Attachments[0].ContentData");
  // Attachment shape.
  EXPECT_BAD(
      R"({"From": "s@x.com", "To": "a@x.com", "Attachments": [{"FileName": "a.bin", "ContentData": "AA=="}]})",
      InvalidRequest, "Attachments[0].ContentType");
  EXPECT_BAD(
      R"({"From": "s@x.com", "To": "a@x.com", "Attachments": [{"FileName": "a.bin", "ContentType": "", "ContentData": "AA=="}]})",
      InvalidRequest, "Attachments[0].ContentType");
  EXPECT_BAD(
      R"({"From": "s@x.com", "To": "a@x.com", "Attachments": [{"FileName": "a.bin", "ContentType": "pdf", "ContentData": "AA=="}]})",
      InvalidRequest, "Attachments[0].ContentType");
  EXPECT_BAD(
      R"({"From": "s@x.com", "To": "a@x.com", "Attachments": [{"FileName": "a.bin", "ContentType": "application/pdf"}]})",
      InvalidRequest, "Attachments[0].ContentData");
  EXPECT_BAD(
      R"({"From": "s@x.com", "To": "a@x.com", "Attachments": [{"FileName": "a.bin", "ContentType": "application/pdf", "ContentData": 12}]})",
      InvalidRequest, "Attachments[0].ContentData");
  EXPECT_BAD(
      R"({"From": "s@x.com", "To": "a@x.com", "Attachments": [{"FileName": "a.bin", "ContentType": "application/pdf",
      "ContentData": {"$content-type": "application/pdf"}}]})",
      InvalidRequest, "Attachments[0].ContentData");
  EXPECT_BAD(
      R"({"From": "s@x.com", "To": "a@x.com", "Attachments": [{"FileName": 3, "ContentType": "text/plain", "ContentData": "x"}]})",
      InvalidRequest, "Attachments[0].FileName");
  EXPECT_BAD(
      R"({"From": "s@x.com", "To": "a@x.com", "Attachments": [{"FileName": "a.png", "ContentId": "a b",
      "ContentType": "image/png", "ContentData": "AA=="}]})",
      InvalidRequest, "Attachments[0].ContentId");
  EXPECT_BAD(R"({"From": "s@x.com", "To": "a@x.com", "Attachments": {"FileName": "a"}})",
             InvalidRequest, "Attachments");
  EXPECT_BAD(R"({"From": "s@x.com", "To": "a@x.com", "Attachments": ["a"]})", InvalidRequest,
             "Attachments[0]");
}

TEST(ConnectorJson, RecipientLimit) {
  mail::Limits limits;
  limits.max_recipients = 3;
  EXPECT_TRUE(map(R"({"From": "s@x.com", "To": "a@x.com;b@x.com", "Bcc": "c@x.com"})",
                  Operation::SendEmailV3, limits)
                  .ok());
  auto e = bad(R"({"From": "s@x.com", "To": "a@x.com;b@x.com", "CC": "c@x.com", "Bcc": "d@x.com"})",
               Operation::SendEmailV3, limits);
  EXPECT_EQ(e.code, core::Code::TooManyRecipients);
  EXPECT_EQ(e.field, "Bcc");
  std::string to;
  for (int i = 0; i < 501; ++i) to += "r" + std::to_string(i) + "@x.com;";
  auto e2 = bad(R"({"From": "s@x.com", "To": ")" + to + "\"}");
  EXPECT_EQ(e2.code, core::Code::TooManyRecipients);
  EXPECT_EQ(e2.field, "To");
  EXPECT_NE(e2.message.find("500"), std::string::npos);
}

TEST(ConnectorJson, AttachmentLimits) {
  mail::Limits limits;
  limits.max_attachment_bytes = 4;
  limits.max_attachments = 2;
  auto e = bad(
      R"({"From": "s@x.com", "To": "a@x.com", "Attachments": [{"FileName": "a", "ContentType": "application/octet-stream",
      "ContentData": "AAAA"}, {"FileName": "b", "ContentType": "application/octet-stream", "ContentData": "AAAAAAAA"}]})",
      Operation::SendEmailV3, limits);
  EXPECT_EQ(e.code, core::Code::PayloadTooLarge);
  EXPECT_EQ(e.field, "Attachments[1].ContentData");
  auto e2 = bad(R"({"From": "s@x.com", "To": "a@x.com", "Attachments": [
      {"ContentType": "text/plain", "ContentData": "a"}, {"ContentType": "text/plain", "ContentData": "b"},
      {"ContentType": "text/plain", "ContentData": "c"}]})",
                Operation::SendEmailV3, limits);
  EXPECT_EQ(e2.code, core::Code::InvalidRequest);
  EXPECT_EQ(e2.field, "Attachments");
}

TEST(ConnectorJson, ContentIdLimit) {
  mail::Limits limits;
  limits.max_content_id_bytes = 4;
  EXPECT_TRUE(
      map(R"({"From": "s@x.com", "To": "a@x.com", "Attachments": [{"ContentType": "image/png", "ContentId": "<abcd>",
      "ContentData": "AA=="}]})",
          Operation::SendEmailV3, limits)
          .ok());
  auto e = bad(
      R"({"From": "s@x.com", "To": "a@x.com", "Attachments": [{"ContentType": "image/png", "ContentId": "abcde",
      "ContentData": "AA=="}]})",
      Operation::SendEmailV3, limits);
  EXPECT_EQ(e.code, core::Code::InvalidRequest);
  EXPECT_EQ(e.field, "Attachments[0].ContentId");
}

TEST(ConnectorJson, SubjectLimitAndUtf8) {
  mail::Limits limits;
  limits.max_subject_bytes = 5;
  auto e = bad(R"({"From": "s@x.com", "To": "a@x.com", "Subject": "123456"})",
               Operation::SendEmailV3, limits);
  EXPECT_EQ(e.code, core::Code::InvalidRequest);
  EXPECT_EQ(e.field, "Subject");
  json::object o{{"From", "s@x.com"}, {"To", "a@x.com"}, {"Subject", "bad \xff utf-8"}};
  auto r = mail::from_connector_json(o, Operation::SendEmailV3, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::Code::InvalidRequest);
  EXPECT_EQ(r.error().field, "Subject");
}
