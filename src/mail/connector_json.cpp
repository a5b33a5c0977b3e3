// from_connector_json (see connector_json.hpp for the field rules).
#include "mail/connector_json.hpp"

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <optional>

#include "mail/content_data.hpp"
#include "mail/text_checks.hpp"

namespace mailflow::mail {
namespace {

namespace json = boost::json;
using core::Code;
using core::Error;

// The spelling of each field per dialect; lookups ignore case, error paths use these spellings.
struct Names {
  std::string_view from, to, cc, bcc, subject, body, is_html, importance, read_receipt,
      delivery_receipt;
  std::array<std::string_view, 2>
      attachments;  // the built-in connector's is singular; accept both there
  std::string_view file_name, content_id, content_data, content_type, transfer_encoding;
};
constexpr Names kPascal{"From",
                        "To",
                        "CC",
                        "Bcc",
                        "Subject",
                        "Body",
                        "IsHtml",
                        "Importance",
                        "ReadReceipt",
                        "DeliveryReceipt",
                        {"Attachments", ""},
                        "FileName",
                        "ContentId",
                        "ContentData",
                        "ContentType",
                        "ContentTransferEncoding"};
constexpr Names kCamel{"from",
                       "to",
                       "cc",
                       "bcc",
                       "subject",
                       "body",
                       "isHTML",
                       "importance",
                       "readReceipt",
                       "deliveryReceipt",
                       {"attachment", "attachments"},
                       "fileName",
                       "contentId",
                       "contentData",
                       "contentType",
                       "contentTransferEncoding"};

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

Error invalid(std::string path, std::string msg) {
  return Error(Code::InvalidRequest, std::move(msg)).with_field(std::move(path));
}

// A JSON object read with case-insensitive names; `prefix` makes error paths ("Attachments[1].").
class Fields {
 public:
  Fields(const json::object& o, std::string prefix) : o_(o), prefix_(std::move(prefix)) {}
  std::string path(std::string_view name) const { return prefix_ + std::string(name); }

  // nullptr when absent or null. Two spellings of one field ("To" and "to") → InvalidRequest.
  core::Result<const json::value*> find(std::string_view name) const {
    const json::value* found = nullptr;
    for (const auto& kv : o_) {
      if (!iequals(kv.key(), name)) continue;
      if (found)
        return invalid(path(name), path(name) + " is given more than once (names ignore case)");
      found = &kv.value();
    }
    return (found && found->is_null()) ? nullptr : found;
  }

  core::Result<std::optional<std::string>> string(std::string_view name) const {
    auto v = find(name);
    if (!v) return std::move(v).error();
    if (!*v) return std::optional<std::string>{};
    if (!(*v)->is_string()) return invalid(path(name), path(name) + " must be a string");
    return std::optional<std::string>(std::string((*v)->get_string()));
  }

  // A required, non-blank string.
  core::Result<std::string> required(std::string_view name) const {
    auto s = string(name);
    if (!s) return std::move(s).error();
    if (!*s || s->value().find_first_not_of(" \t") == std::string::npos)
      return invalid(path(name), path(name) + " is required");
    return std::move(**s);
  }

  // true/false, or the strings "true"/"false" that workflow expressions often produce.
  core::Result<std::optional<bool>> boolean(std::string_view name) const {
    auto v = find(name);
    if (!v) return std::move(v).error();
    if (!*v) return std::optional<bool>{};
    if ((*v)->is_bool()) return std::optional<bool>((*v)->get_bool());
    if ((*v)->is_string() && iequals((*v)->get_string(), "true")) return std::optional<bool>(true);
    if ((*v)->is_string() && iequals((*v)->get_string(), "false"))
      return std::optional<bool>(false);
    return invalid(path(name), path(name) + " must be true or false");
  }

 private:
  const json::object& o_;
  std::string prefix_;
};

core::Result<std::vector<Address>> address_list(const Fields& f, std::string_view name,
                                                bool required) {
  std::string text;
  if (required) {
    auto s = f.required(name);
    if (!s) return std::move(s).error();
    text = std::move(*s);
  } else {
    auto s = f.string(name);
    if (!s) return std::move(s).error();
    text = s->value_or("");
  }
  auto list = parse_address_list(text, f.path(name));
  if (list && required && list->empty())
    return invalid(f.path(name), f.path(name) + " must name at least one recipient");
  return list;
}

core::Status read_addresses(const Fields& f, const Names& n, const Limits& limits,
                            EmailMessage& m) {
  auto from = f.required(n.from);
  if (!from) return std::move(from).error();
  auto from_addr = parse_address(*from, f.path(n.from));
  if (!from_addr) return std::move(from_addr).error();
  m.from = std::move(*from_addr);
  std::size_t count = 0;
  for (auto [name, dest, req] : {std::tuple{n.to, &m.to, true}, std::tuple{n.cc, &m.cc, false},
                                 std::tuple{n.bcc, &m.bcc, false}}) {
    auto list = address_list(f, name, req);
    if (!list) return std::move(list).error();
    *dest = std::move(*list);
    count += dest->size();
    if (count > limits.max_recipients)
      return Error(Code::TooManyRecipients, "more than " + std::to_string(limits.max_recipients) +
                                                " recipients in To, CC and Bcc together")
          .with_field(f.path(name));
  }
  return core::ok();
}

core::Result<Importance> importance_of(const Fields& f, std::string_view name) {
  auto s = f.string(name);
  if (!s) return std::move(s).error();
  const std::string v = s->value_or("");
  if (v.empty() || iequals(v, "Normal")) return Importance::Normal;
  if (iequals(v, "Low")) return Importance::Low;
  if (iequals(v, "High")) return Importance::High;
  return invalid(f.path(name), f.path(name) + " must be Normal, Low or High, not \"" + v + "\"");
}

core::Status read_content(const Fields& f, const Names& n, Operation op, const Limits& limits,
                          EmailMessage& m) {
  auto subject = f.string(n.subject);
  if (!subject) return std::move(subject).error();
  m.subject = subject->value_or("");
  if (auto st = check_header_value(m.subject, f.path(n.subject), "the subject"); !st) return st;
  if (m.subject.size() > limits.max_subject_bytes)
    return invalid(f.path(n.subject), "the subject is longer than " +
                                          std::to_string(limits.max_subject_bytes) + " bytes");
  auto body = f.string(n.body);
  if (!body) return std::move(body).error();
  m.body = body->value_or("");
  if (!is_valid_utf8(m.body)) return invalid(f.path(n.body), "the body is not valid UTF-8 text");
  m.is_html = true;
  if (op != Operation::SendEmailV3) {
    auto html = f.boolean(n.is_html);
    if (!html) return std::move(html).error();
    m.is_html = html->value_or(false);
  }
  auto imp = importance_of(f, n.importance);
  if (!imp) return std::move(imp).error();
  m.importance = *imp;
  return core::ok();
}

core::Status read_receipts(const Fields& f, const Names& n, EmailMessage& m) {
  for (auto [name, dest] : {std::pair{n.read_receipt, &m.read_receipt},
                            std::pair{n.delivery_receipt, &m.delivery_receipt}}) {
    auto s = f.string(name);
    if (!s) return std::move(s).error();
    if (!*s || s->value().find_first_not_of(" \t") == std::string::npos) continue;
    auto a = parse_address(**s, f.path(name));
    if (!a) return std::move(a).error();
    *dest = std::move(*a);
  }
  return core::ok();
}

bool is_token_char(char c) {
  return c > 32 && c < 127 &&
         std::string_view("()<>@,;:\\\"/[]?=").find(c) == std::string_view::npos;
}

// "type/subtype" made of RFC 2045 tokens, optionally followed by ";" parameters.
bool valid_content_type(std::string_view ct) {
  auto main = ct.substr(0, ct.find(';'));
  const auto b = main.find_first_not_of(" \t");
  if (b == std::string_view::npos) return false;
  main = main.substr(b, main.find_last_not_of(" \t") - b + 1);
  const auto slash = main.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == main.size()) return false;
  return std::all_of(main.begin(), main.begin() + slash, is_token_char) &&
         std::all_of(main.begin() + slash + 1, main.end(), is_token_char);
}

core::Result<std::string> content_type_of(const Fields& f, const Names& n) {
  auto ct = f.required(n.content_type);
  if (!ct) return std::move(ct).error();
  if (auto st = check_header_value(*ct, f.path(n.content_type), "the content type"); !st)
    return st.error();
  if (!valid_content_type(*ct))
    return invalid(f.path(n.content_type),
                   "\"" + *ct + "\" is not a content type like \"application/pdf\"");
  return ct;
}

core::Result<std::string> content_id_of(const Fields& f, const Names& n, const Limits& limits) {
  auto s = f.string(n.content_id);
  if (!s) return std::move(s).error();
  std::string id = s->value_or("");
  if (auto st = check_header_value(id, f.path(n.content_id), "the content id"); !st)
    return st.error();
  if (id.size() >= 2 && id.front() == '<' && id.back() == '>') id = id.substr(1, id.size() - 2);
  if (id.size() > limits.max_content_id_bytes)
    return invalid(f.path(n.content_id), "the content id is longer than " +
                                             std::to_string(limits.max_content_id_bytes) +
                                             " characters");
  for (char c : id)
    if (c <= 32 || c >= 127 || c == '<' || c == '>' || c == '"' || c == '\\')
      return invalid(f.path(n.content_id),
                     "the content id may hold only visible ASCII characters other than <>\"\\");
  return id;
}

core::Result<ContentEncoding> transfer_encoding_of(const Fields& f, const Names& n, Operation op) {
  if (op != Operation::SendEmailV1) return ContentEncoding::Auto;
  auto s = f.string(n.transfer_encoding);
  if (!s) return std::move(s).error();
  const std::string v = s->value_or("");
  if (v.empty()) return ContentEncoding::Auto;
  if (iequals(v, "base64")) return ContentEncoding::Base64;
  if (iequals(v, "none")) return ContentEncoding::None;
  return invalid(f.path(n.transfer_encoding),
                 f.path(n.transfer_encoding) + " must be base64 or none");
}

// ContentData: a string, or Logic Apps' binary object {"$content-type": ..., "$content": base64}.
core::Result<std::string> content_data_of(const Fields& f, const Names& n,
                                          const std::string& content_type, ContentEncoding enc,
                                          const Limits& limits) {
  const auto path = f.path(n.content_data);
  auto v = f.find(n.content_data);
  if (!v) return std::move(v).error();
  if (!*v) return invalid(path, path + " is required");
  if ((*v)->is_string())
    return decode_content_data((*v)->get_string(), content_type, enc, limits.max_attachment_bytes,
                               path);
  if (!(*v)->is_object())
    return invalid(path, path + " must be a string or {\"$content-type\", \"$content\"}");
  const auto* content = (*v)->get_object().if_contains("$content");
  if (!content || !content->is_string())
    return invalid(path, path + ".$content must be a base64 string");
  return decode_content_data(content->get_string(), content_type, ContentEncoding::Base64,
                             limits.max_attachment_bytes, path);
}

core::Result<Attachment> read_attachment(const Fields& f, const Names& n, Operation op,
                                         const Limits& limits) {
  Attachment a;
  auto name = f.string(n.file_name);
  if (!name) return std::move(name).error();
  a.file_name = name->value_or("");
  if (auto st = check_header_value(a.file_name, f.path(n.file_name), "the file name"); !st)
    return st.error();
  auto ct = content_type_of(f, n);
  if (!ct) return std::move(ct).error();
  a.content_type = std::move(*ct);
  auto cid = content_id_of(f, n, limits);
  if (!cid) return std::move(cid).error();
  a.content_id = std::move(*cid);
  auto enc = transfer_encoding_of(f, n, op);
  if (!enc) return std::move(enc).error();
  auto data = content_data_of(f, n, a.content_type, *enc, limits);
  if (!data) return std::move(data).error();
  a.data = std::move(*data);
  return a;
}

core::Status read_attachments(const Fields& f, const Names& n, Operation op, const Limits& limits,
                              EmailMessage& m) {
  const json::value* list = nullptr;
  std::string_view name = n.attachments[0];
  for (auto alias : n.attachments) {
    if (alias.empty()) continue;
    auto v = f.find(alias);
    if (!v) return std::move(v).error();
    if (*v && list) return invalid(f.path(alias), "give attachments under one name only");
    if (*v) list = *v, name = alias;
  }
  if (!list) return core::ok();
  if (!list->is_array()) return invalid(f.path(name), f.path(name) + " must be an array");
  const auto& arr = list->get_array();
  if (arr.size() > limits.max_attachments)
    return invalid(f.path(name),
                   "more than " + std::to_string(limits.max_attachments) + " attachments");
  for (std::size_t i = 0; i < arr.size(); ++i) {
    const auto prefix = f.path(name) + "[" + std::to_string(i) + "]";
    if (!arr[i].is_object()) return invalid(prefix, prefix + " must be an object");
    auto a = read_attachment(Fields(arr[i].get_object(), prefix + "."), n, op, limits);
    if (!a) return std::move(a).error();
    m.attachments.push_back(std::move(*a));
  }
  return core::ok();
}

}  // namespace

core::Result<EmailMessage> from_connector_json(const json::value& body, Operation op,
                                               const Limits& limits) {
  if (!body.is_object()) return invalid("", "the request body must be a JSON object");
  const Names& n = op == Operation::BuiltInSendEmail ? kCamel : kPascal;
  const Fields f(body.get_object(), "");
  EmailMessage m;
  if (auto st = read_addresses(f, n, limits, m); !st) return std::move(st).error();
  if (auto st = read_content(f, n, op, limits, m); !st) return std::move(st).error();
  if (auto st = read_receipts(f, n, m); !st) return std::move(st).error();
  if (auto st = read_attachments(f, n, op, limits, m); !st) return std::move(st).error();
  return m;
}

}  // namespace mailflow::mail
