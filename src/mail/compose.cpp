// compose() (see compose.hpp). GMime builds the tree and writes it with CRLF line ends;
// this file decides the structure, the headers of the connector's fields, and checks the result.
#include "mail/compose.hpp"

#include <gmime/gmime.h>

#include <algorithm>
#include <mutex>

#include "core/ids.hpp"
#include "mail/envelope.hpp"
#include "mail/gobject_ptr.hpp"
#include "mail/html_to_text.hpp"
#include "mail/text_checks.hpp"

namespace mailflow::mail {
namespace {

using core::Code;
using core::Error;

constexpr std::size_t kMaxLineOctets = 998;       // RFC 5322 §2.1.1, without CRLF
constexpr std::size_t kMaxContentIdOctets = 900;  // "Content-Id: <" id ">" must fit one line

void ensure_gmime() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

core::Status check_address(const Address& a, const std::string& field) {
  if (auto st = check_header_value(a.display_name, field, "the display name"); !st) return st;
  if (has_cr_or_lf(a.local) || has_cr_or_lf(a.domain_ascii))
    return Error(Code::HeaderInjection, "the address contains a line break (CR or LF)")
        .with_field(field);
  return core::ok();
}

// The model may come from elsewhere than the JSON mapping (CLI, workflows): check it again.
core::Status check_message(const EmailMessage& m, const ComposeOptions& opts) {
  if (auto st = check_address(m.from, "From"); !st) return st;
  for (auto [list, field] : {std::pair{&m.to, "To"}, {&m.cc, "CC"}, {&m.bcc, "Bcc"}})
    for (const auto& a : *list)
      if (auto st = check_address(a, field); !st) return st;
  if (m.read_receipt)
    if (auto st = check_address(*m.read_receipt, "ReadReceipt"); !st) return st;
  if (auto st = check_header_value(m.subject, "Subject", "the subject"); !st) return st;
  if (!is_valid_utf8(m.body))
    return Error(Code::InvalidRequest, "the body is not valid UTF-8 text").with_field("Body");
  if (auto st = check_header_value(m.message_id, "MessageId", "the message id"); !st) return st;
  if (auto st = check_header_value(opts.hostname, "hostname", "the host name"); !st) return st;
  for (std::size_t i = 0; i < m.attachments.size(); ++i) {
    const auto& a = m.attachments[i];
    const auto prefix = "Attachments[" + std::to_string(i) + "].";
    if (auto st = check_header_value(a.file_name, prefix + "FileName", "the file name"); !st)
      return st;
    if (auto st = check_header_value(a.content_type, prefix + "ContentType", "the content type");
        !st)
      return st;
    if (auto st = check_header_value(a.content_id, prefix + "ContentId", "the content id"); !st)
      return st;
    if (a.content_id.size() > kMaxContentIdOctets)  // GMime cannot fold a Content-ID
      return Error(Code::InvalidRequest, "the content id is longer than " +
                                             std::to_string(kMaxContentIdOctets) + " characters")
          .with_field(prefix + "ContentId");
  }
  return core::ok();
}

InternetAddress* mailbox_of(const Address& a) {
  InternetAddress* ia = internet_address_mailbox_new(
      a.display_name.empty() ? nullptr : a.display_name.c_str(), a.envelope().c_str());
  internet_address_set_charset(ia, "utf-8");
  return ia;
}

void add_addresses(InternetAddressList* list, const std::vector<Address>& addrs) {
  for (const auto& a : addrs) {
    GObjectPtr<InternetAddress> ia(mailbox_of(a));
    internet_address_list_add(list, ia.get());
  }
}

std::size_t longest_line(std::string_view s) {
  std::size_t longest = 0, start = 0;
  while (start <= s.size()) {
    auto nl = s.find('\n', start);
    if (nl == std::string_view::npos) nl = s.size();
    auto len = nl - start;
    if (len > 0 && s[nl - 1] == '\r') --len;
    longest = std::max(longest, len);
    start = nl + 1;
  }
  return longest;
}

// 7bit only for ASCII text with sane lines [RFC 2045 §2.7]; anything else quoted-printable,
// which keeps mostly-ASCII text readable and wraps long lines at 76 octets.
bool needs_quoted_printable(std::string_view text) {
  if (!is_ascii(text) || longest_line(text) > kMaxLineOctets) return true;
  for (std::size_t i = 0; i < text.size(); ++i)
    if ((text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n')) || text[i] == '\0')
      return true;
  return false;
}

// Text bodies end with a line break, so 7bit and quoted-printable bodies decode alike.
GObjectPtr<GMimeObject> text_part(const char* subtype, std::string text) {
  if (!text.empty() && text.back() != '\n') text += '\n';
  GObjectPtr<GMimeTextPart> part(g_mime_text_part_new_with_subtype(subtype));
  // Not g_mime_text_part_set_text(): it scans every byte for the best charset (about a fifth of
  // the CPU of a 100 KB send, per bench/RESULTS.md). The text is known UTF-8 (check_message).
  GObjectPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(text.data(), text.size()));
  GObjectPtr<GMimeDataWrapper> content(
      g_mime_data_wrapper_new_with_stream(stream.get(), GMIME_CONTENT_ENCODING_DEFAULT));
  g_mime_part_set_content(GMIME_PART(part.get()), content.get());
  g_mime_text_part_set_charset(part.get(), "utf-8");
  g_mime_part_set_content_encoding(
      GMIME_PART(part.get()), needs_quoted_printable(text) ? GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE
                                                           : GMIME_CONTENT_ENCODING_7BIT);
  return GObjectPtr<GMimeObject>(GMIME_OBJECT(part.release()));
}

GObjectPtr<GMimeObject> multipart(const char* subtype, std::initializer_list<GMimeObject*> parts) {
  GObjectPtr<GMimeMultipart> mp(g_mime_multipart_new_with_subtype(subtype));
  for (auto* p : parts) g_mime_multipart_add(mp.get(), p);
  return GObjectPtr<GMimeObject>(GMIME_OBJECT(mp.release()));
}

// One attachment, always base64 so its bytes arrive exactly as given (no newline conversion).
core::Result<GObjectPtr<GMimeObject>> attachment_part(const Attachment& a, std::size_t index,
                                                      bool as_inline) {
  GObjectPtr<GMimeContentType> ct(g_mime_content_type_parse(nullptr, a.content_type.c_str()));
  if (!ct || !g_mime_content_type_get_media_type(ct.get()) ||
      !g_mime_content_type_get_media_subtype(ct.get()))
    return Error(Code::InvalidRequest, "\"" + a.content_type + "\" is not a content type")
        .with_field("Attachments[" + std::to_string(index) + "].ContentType");
  GObjectPtr<GMimePart> part(g_mime_part_new());
  g_mime_object_set_content_type(GMIME_OBJECT(part.get()), ct.get());
  GObjectPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(a.data.data(), a.data.size()));
  GObjectPtr<GMimeDataWrapper> wrapper(
      g_mime_data_wrapper_new_with_stream(stream.get(), GMIME_CONTENT_ENCODING_DEFAULT));
  g_mime_part_set_content(part.get(), wrapper.get());
  g_mime_part_set_content_encoding(part.get(), GMIME_CONTENT_ENCODING_BASE64);
  g_mime_object_set_disposition(GMIME_OBJECT(part.get()), as_inline ? "inline" : "attachment");
  if (!a.file_name.empty()) g_mime_part_set_filename(part.get(), a.file_name.c_str());
  if (!a.content_id.empty())
    g_mime_object_set_content_id(GMIME_OBJECT(part.get()), a.content_id.c_str());
  return GObjectPtr<GMimeObject>(GMIME_OBJECT(part.release()));
}

// The MIME tree: body alternative, related around it for cid: parts, mixed for the rest.
core::Result<GObjectPtr<GMimeObject>> mime_tree(const EmailMessage& m) {
  GObjectPtr<GMimeObject> body;
  if (m.is_html) {
    auto plain = text_part("plain", html_to_text(m.body));
    auto html = text_part("html", m.body);
    body = multipart("alternative", {plain.get(), html.get()});
  } else {
    body = text_part("plain", m.body);
  }
  std::vector<GObjectPtr<GMimeObject>> related, mixed;
  for (std::size_t i = 0; i < m.attachments.size(); ++i) {
    const auto& a = m.attachments[i];
    const bool in_related = a.inline_part() && m.is_html;  // cid: is only meaningful next to HTML
    auto part = attachment_part(a, i, a.inline_part());
    if (!part) return std::move(part).error();
    (in_related ? related : mixed).push_back(std::move(*part));
  }
  if (!related.empty()) {
    GObjectPtr<GMimeMultipart> rel(g_mime_multipart_new_with_subtype("related"));
    // RFC 2387 §3.1: "type" names the root part's content type.
    g_mime_object_set_content_type_parameter(GMIME_OBJECT(rel.get()), "type",
                                             m.is_html ? "multipart/alternative" : "text/plain");
    g_mime_multipart_add(rel.get(), body.get());
    for (auto& p : related) g_mime_multipart_add(rel.get(), p.get());
    body.reset(GMIME_OBJECT(rel.release()));
  }
  if (!mixed.empty()) {
    GObjectPtr<GMimeMultipart> mix(g_mime_multipart_new_with_subtype("mixed"));
    g_mime_multipart_add(mix.get(), body.get());
    for (auto& p : mixed) g_mime_multipart_add(mix.get(), p.get());
    body.reset(GMIME_OBJECT(mix.release()));
  }
  return body;
}

void set_importance(GMimeObject* obj, Importance imp) {
  if (imp == Importance::Normal) return;
  const bool high = imp == Importance::High;
  g_mime_object_set_header(obj, "Importance", high ? "high" : "low", nullptr);
  g_mime_object_set_header(obj, "X-Priority", high ? "1 (Highest)" : "5 (Lowest)", nullptr);
  g_mime_object_set_header(obj, "X-MSMail-Priority", high ? "High" : "Low", nullptr);
}

void set_headers(GMimeMessage* msg, const EmailMessage& m, const ComposeOptions& opts,
                 GMimeFormatOptions* fmt) {
  add_addresses(g_mime_message_get_from(msg), {m.from});
  add_addresses(g_mime_message_get_addresses(msg, GMIME_ADDRESS_TYPE_TO), m.to);
  add_addresses(g_mime_message_get_addresses(msg, GMIME_ADDRESS_TYPE_CC), m.cc);
  g_mime_message_set_subject(msg, m.subject.c_str(), "utf-8");
  auto now = opts.now == std::chrono::system_clock::time_point{} ? std::chrono::system_clock::now()
                                                                 : opts.now;
  const auto secs =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  std::unique_ptr<GDateTime, decltype(&g_date_time_unref)> date(g_date_time_new_from_unix_utc(secs),
                                                                &g_date_time_unref);
  g_mime_message_set_date(msg, date.get());
  const std::string id = m.message_id.substr(1, m.message_id.size() - 2);  // GMime adds the '<>'
  g_mime_message_set_message_id(msg, id.c_str());
  set_importance(GMIME_OBJECT(msg), m.importance);
  if (m.read_receipt) {  // RFC 8098 §2.1
    GObjectPtr<InternetAddressList> list(internet_address_list_new());
    add_addresses(list.get(), {*m.read_receipt});
    GCharPtr value(internet_address_list_to_string(list.get(), fmt, TRUE));
    g_mime_object_set_header(GMIME_OBJECT(msg), "Disposition-Notification-To", value.get(),
                             nullptr);
  }
}

// "<ulid@host>" for a new message; a given id is kept, written with exactly one pair of '<>'.
std::string message_id_of(std::string id, const std::string& hostname) {
  if (id.empty())
    return "<" + core::new_ulid() + "@" + (hostname.empty() ? "localhost" : hostname) + ">";
  if (id.front() == '<') id.erase(0, 1);
  if (!id.empty() && id.back() == '>') id.pop_back();
  return "<" + id + ">";
}

core::Status check_lines(const std::string& data) {
  std::size_t start = 0;
  while (start < data.size()) {
    const auto lf = data.find('\n', start);
    if (lf == std::string::npos || lf == start || data[lf - 1] != '\r')
      return Error(Code::Internal, "composed message has a line not ending in CRLF");
    if (lf - 1 - start > kMaxLineOctets)
      return Error(Code::Internal, "composed message has a line over 998 octets");
    start = lf + 1;
  }
  return core::ok();
}

core::Result<std::string> serialize(GMimeObject* obj) {
  std::unique_ptr<GMimeFormatOptions, decltype(&g_mime_format_options_free)> fmt(
      g_mime_format_options_new(), &g_mime_format_options_free);
  g_mime_format_options_set_newline_format(fmt.get(), GMIME_NEWLINE_FORMAT_DOS);
  g_mime_format_options_set_param_encoding_method(fmt.get(), GMIME_PARAM_ENCODING_METHOD_RFC2231);
  GObjectPtr<GMimeStream> stream(g_mime_stream_mem_new());
  if (g_mime_object_write_to_stream(obj, fmt.get(), stream.get()) < 0)
    return Error(Code::Internal, "GMime could not write the message");
  GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(stream.get()));
  return std::string(reinterpret_cast<const char*>(bytes->data), bytes->len);
}

}  // namespace

core::Result<Composed> compose(EmailMessage& msg, const ComposeOptions& opts) {
  ensure_gmime();
  if (auto st = check_message(msg, opts); !st) return std::move(st).error();
  msg.message_id = message_id_of(msg.message_id, opts.hostname);
  auto tree = mime_tree(msg);
  if (!tree) return std::move(tree).error();
  GObjectPtr<GMimeMessage> gm(g_mime_message_new(TRUE));
  std::unique_ptr<GMimeFormatOptions, decltype(&g_mime_format_options_free)> fmt(
      g_mime_format_options_new(), &g_mime_format_options_free);
  set_headers(gm.get(), msg, opts, fmt.get());
  g_mime_message_set_mime_part(gm.get(), tree->get());
  auto data = serialize(GMIME_OBJECT(gm.get()));
  if (!data) return std::move(data).error();
  if (auto st = check_lines(*data); !st) return std::move(st).error();
  Composed out;
  out.data = std::move(*data);
  out.message_id = msg.message_id;
  out.eight_bit = !is_ascii(out.data);
  out.smtputf8 =
      envelope_of(msg).smtputf8 || (msg.read_receipt && msg.read_receipt->needs_smtputf8());
  return out;
}

}  // namespace mailflow::mail
